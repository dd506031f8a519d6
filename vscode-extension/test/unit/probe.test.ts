/**
 * probeTensorlens against real interpreters: the editable install `make`
 * creates, venvs without TensorLens, and venvs where the unrelated PyPI
 * package named tensorlens sits in its place.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { probeTensorlens } from "../../src/server/pythonProcess";
import { addToPath, createVenv, REPOSITORY, sitePackages, tensorlensPython, writeForeignTensorlens } from "../pythonEnvs";

describe("probeTensorlens, with real interpreters", () => {
  let scratch: string;
  let base: string;
  let count = 0;
  const venv = () => createVenv(base, path.join(scratch, `venv${String(++count)}`));
  const folder = (name: string) => {
    const dir = path.join(scratch, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };

  before(() => {
    base = tensorlensPython();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tl-probe-"));
  });
  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("finds TensorLens installed editable (the setuptools editable finder)", async () => {
    const directUrl = execFileSync(
      base,
      ["-c", "import importlib.metadata as m; print(m.distribution('torch-tensorlens').read_text('direct_url.json'))"],
      { encoding: "utf8" },
    );
    assert.match(directUrl, /"editable": true/, `${base} should hold TensorLens installed with pip install -e`);
    assert.deepStrictEqual(await probeTensorlens(base), { kind: "installed" });
  });

  it("finds TensorLens as a plain package on the import path, as a wheel installs it", async () => {
    const python = venv();
    addToPath(python, REPOSITORY);
    assert.deepStrictEqual(await probeTensorlens(python), { kind: "installed" });
  });

  it("says missing for an interpreter without any tensorlens", async () => {
    assert.deepStrictEqual(await probeTensorlens(venv()), { kind: "missing" });
  });

  it("tells PyPI's tensorlens 0.0.3, installed by pip, from TensorLens, with its location and version", async () => {
    const python = venv();
    const site = sitePackages(python);
    writeForeignTensorlens(site);
    assert.deepStrictEqual(await probeTensorlens(python), {
      kind: "foreign",
      foreign: { location: path.join(site, "tensorlens"), version: "0.0.3" },
    });
  });

  it("tells a copy of that package on the import path, without a distribution, from TensorLens", async () => {
    const python = venv();
    const copy = folder("pythonpath");
    writeForeignTensorlens(copy, { metadata: false });
    addToPath(python, copy);
    assert.deepStrictEqual(await probeTensorlens(python), {
      kind: "foreign",
      foreign: { location: path.join(copy, "tensorlens"), version: undefined },
    });
  });

  it("tells a module file named tensorlens.py from TensorLens", async () => {
    const python = venv();
    const scripts = folder("scripts");
    fs.writeFileSync(path.join(scripts, "tensorlens.py"), "print('a script of the same name')\n");
    addToPath(python, scripts);
    assert.deepStrictEqual(await probeTensorlens(python), {
      kind: "foreign",
      foreign: { location: path.join(scripts, "tensorlens.py"), version: undefined },
    });
  });

  it("never imports the package it looks at", async () => {
    const python = venv();
    const site = sitePackages(python);
    writeForeignTensorlens(site, { metadata: true, initSource: "raise SystemExit(9)\n" });
    assert.strictEqual((await probeTensorlens(python)).kind, "foreign");
  });

  it("reports an interpreter that cannot run", async () => {
    const presence = await probeTensorlens(path.join(scratch, "no-such-python"));
    assert.strictEqual(presence.kind, "no-interpreter");
  });
});
