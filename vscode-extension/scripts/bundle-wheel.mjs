// Builds the wheel of this repository's Python package into bundled/, which
// the .vsix carries: the extension's "Install" action pip-installs that file.
// The name `tensorlens` on PyPI belongs to an unrelated package, so the
// extension never installs by name (ours is the distribution torch-tensorlens).
//
// The wheel is built from a clean copy of the package sources (the files git
// tracks, plus new ones it does not ignore): setuptools builds in the source
// tree and would otherwise put whatever a stale ../build/ holds into the wheel,
// and leave build/ and *.egg-info behind in the repository.
//
// Interpreter: $TENSORLENS_PYTHON, else python3. Usage: node scripts/bundle-wheel.mjs
import { execFileSync } from "child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { dirname, join, resolve } from "path";
import { fileURLToPath } from "url";

const extensionDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoDir = resolve(extensionDir, "..");
const bundledDir = join(extensionDir, "bundled");
const python = process.env.TENSORLENS_PYTHON || "python3";
const { version } = JSON.parse(readFileSync(join(extensionDir, "package.json"), "utf8"));
// Must match wheelFileName() in src/server/installSource.ts.
const expected = `torch_tensorlens-${version}-py3-none-any.whl`;

// Top-level entries of the repository that are no part of the Python package.
const SKIPPED = new Set([".git", ".venv", "build", "dist", "node_modules", "vscode-extension"]);

/** The files of the checkout, relative to it: git's view when there is one. */
function sourceFiles() {
  try {
    const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: repoDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return listed.split("\0").filter((f) => f.length > 0 && !SKIPPED.has(f.split("/")[0]) && existsSync(join(repoDir, f)));
  } catch {
    return undefined; // not a git checkout (a source archive): copy the tree
  }
}

const source = mkdtempSync(join(tmpdir(), "tensorlens-wheel-"));
try {
  const files = sourceFiles();
  if (files === undefined) {
    cpSync(repoDir, source, {
      recursive: true,
      filter: (from) => {
        const relative = from.slice(repoDir.length + 1);
        const top = relative.split("/")[0];
        return !SKIPPED.has(top) && !top.startsWith(".venv") && !relative.endsWith(".egg-info") && !relative.includes("__pycache__");
      },
    });
  } else {
    for (const file of files) {
      mkdirSync(dirname(join(source, file)), { recursive: true });
      cpSync(join(repoDir, file), join(source, file));
    }
  }

  rmSync(bundledDir, { recursive: true, force: true });
  mkdirSync(bundledDir, { recursive: true });
  console.log(`building ${expected} with ${python}`);
  execFileSync(python, ["-m", "pip", "wheel", source, "--no-deps", "--quiet", "--wheel-dir", bundledDir], {
    stdio: "inherit",
  });
} finally {
  rmSync(source, { recursive: true, force: true });
}

const built = readdirSync(bundledDir);
if (built.length !== 1 || built[0] !== expected) {
  console.error(
    `bundle-wheel: expected bundled/${expected} (package.json version ${version}), got: ${built.join(", ") || "nothing"}.` +
      " The extension's version and ../pyproject.toml's must be the same.",
  );
  process.exit(1);
}
console.log(`bundled/${expected}`);
