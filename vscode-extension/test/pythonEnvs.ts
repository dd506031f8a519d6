/**
 * Real Python environments for the tests of the tensorlens probe, made offline
 * in a temporary folder: venvs without pip (a quarter of a second each), empty
 * or holding what users end up with, such as the unrelated `tensorlens` 0.0.3
 * from PyPI installed where TensorLens should be. Used by the unit tests and
 * by the end-to-end tests in VS Code.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The repository around vscode-extension/ (this file runs from vscode-extension/out/test/). */
export const REPOSITORY = path.resolve(__dirname, "../../..");

/** The interpreter with TensorLens installed editable (`make` sets it up; test.sh exports TL_PYTHON). */
export function tensorlensPython(): string {
  const python = process.env.TL_PYTHON ?? path.join(REPOSITORY, ".venv/bin/python");
  if (!fs.existsSync(python)) throw new Error(`no interpreter at ${python}: run make in the repository or set TL_PYTHON`);
  return python;
}

/** A new venv, without pip, made by `base`; answers its interpreter. */
export function createVenv(base: string, dir: string): string {
  execFileSync(base, ["-m", "venv", "--without-pip", dir]);
  return path.join(dir, "bin", "python");
}

/** Where pip would install into for `python`. */
export function sitePackages(python: string): string {
  return execFileSync(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: "utf8" }).trim();
}

/** Puts `folder` on `python`'s import path, as PYTHONPATH would, with a .pth file. */
export function addToPath(python: string, folder: string): void {
  fs.writeFileSync(path.join(sitePackages(python), "tests-extra.pth"), `${folder}\n`);
}

/**
 * The files of PyPI's tensorlens 0.0.3 wheel, by the names the wheel holds
 * (its 4 MB web bundle left out). The modules are stubs: the probe must tell
 * this package apart without importing it, so only the layout matters.
 */
const FOREIGN_PACKAGE = [
  "tensorlens/__init__.py",
  "tensorlens/tensorlens.py",
  "tensorlens/core/__init__.py",
  "tensorlens/core/global_store.py",
  "tensorlens/web/__init__.py",
  "tensorlens/web/server.py",
  "tensorlens/web/static/index.html",
];

/** The metadata pip writes for that wheel: the probe reads the version from it. */
const FOREIGN_METADATA: Record<string, string> = {
  METADATA: "Metadata-Version: 2.4\nName: tensorlens\nVersion: 0.0.3\nSummary: tensorlens\nRequires-Dist: flask\n",
  WHEEL: "Wheel-Version: 1.0\nGenerator: setuptools (79.0.0)\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
  INSTALLER: "pip\n",
  "entry_points.txt": "[console_scripts]\ntensorlens = tensorlens.tensorlens:main\n",
  "top_level.txt": "tensorlens\n",
};

/**
 * Writes PyPI's tensorlens 0.0.3 into `folder`: with its dist-info as pip
 * installs it into site-packages, or without, as a copy on PYTHONPATH.
 * `initSource` replaces its __init__.py (the real one sets `__version__`).
 */
export function writeForeignTensorlens(
  folder: string,
  options: { metadata: boolean; initSource?: string } = { metadata: true },
): void {
  const files: Record<string, string> = {};
  for (const file of FOREIGN_PACKAGE) files[file] = file.endsWith(".py") ? "" : "<!doctype html>\n";
  files["tensorlens/__init__.py"] = options.initSource ?? '__version__ = "0.0.1"\n';
  if (options.metadata) {
    for (const [name, text] of Object.entries(FOREIGN_METADATA)) files[`tensorlens-0.0.3.dist-info/${name}`] = text;
    const record = [...Object.keys(files), "tensorlens-0.0.3.dist-info/RECORD"];
    files["tensorlens-0.0.3.dist-info/RECORD"] = record.map((file) => `${file},,\n`).join("");
  }
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), text);
  }
}
