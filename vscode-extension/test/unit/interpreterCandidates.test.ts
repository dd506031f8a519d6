import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CandidateSearch, findInterpreters, nodeFileSystem } from "../../src/server/interpreterCandidates";


function executable(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, 0o755);
}

describe("interpreters offered without the Python extension", () => {
  let root: string;
  let search: CandidateSearch;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "tl-interp-"));
    const bin = path.join(root, "bin");
    executable(path.join(bin, "python3.12"));
    fs.symlinkSync("python3.12", path.join(bin, "python3"));
    executable(path.join(bin, "python3.11"));
    executable(path.join(bin, "python3-config"));
    fs.writeFileSync(path.join(bin, "python"), "not executable");
    const project = path.join(root, "project");
    // A venv's python links to the base interpreter and is still an environment of its own.
    fs.mkdirSync(path.join(project, ".venv", "bin"), { recursive: true });
    fs.symlinkSync(path.join(bin, "python3.12"), path.join(project, ".venv", "bin", "python"));
    executable(path.join(project, "env", "bin", "python"));
    fs.mkdirSync(path.join(project, "venv")); // an empty folder: no interpreter to offer
    search = {
      pathVariable: [path.join(root, "missing"), bin].join(":"),
      workspaceFolders: [project],
      workspaceTrusted: true,
      platform: "linux",
    };
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("lists the workspace's venvs, then PATH's pythons newest first, each binary once", () => {
    const found = findInterpreters(search, nodeFileSystem).map((c) => [path.relative(root, c.path), c.origin, c.where]);
    assert.deepStrictEqual(found, [
      ["project/.venv/bin/python", "workspace", ".venv in project"],
      ["project/env/bin/python", "workspace", "env in project"],
      ["bin/python3.12", "path", path.join(root, "bin")],
      ["bin/python3.11", "path", path.join(root, "bin")],
    ]);
  });

  it("offers no workspace environment in Restricted Mode", () => {
    const found = findInterpreters({ ...search, workspaceTrusted: false }, nodeFileSystem);
    assert.deepStrictEqual(found.map((c) => c.origin), ["path", "path"]);
  });
});
