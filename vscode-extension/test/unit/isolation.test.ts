/**
 * S1 (issue 23): the extension's own launches of Python never import a module
 * from the workspace. A workspace holds `typing.py`, `json.py`,
 * `argparse.py`, `struct.py`... and packages named like TensorLens's
 * dependencies (and TensorLens itself), each of which leaves a mark when it
 * is imported; the launches the extension makes (Check Workspace, the
 * language server and its workers, the probe) run in that workspace, through
 * the extension's real launch and spawn code, with real interpreters.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BOOTSTRAP, isolatedEnv, languageServerLaunch, pythonVersion, tensorlensLaunch } from "../../src/server/launch";
import { probeTensorlens, runPython } from "../../src/server/pythonProcess";
import { REPOSITORY, tensorlensPython } from "../pythonEnvs";

const MODULES = ["typing", "json", "argparse", "struct", "__future__", "re", "enum", "functools", "pickle", "signal",
  "tempfile", "dataclasses", "gettext", "selectors", "traceback", "fnmatch", "tokenize", "runpy", "importlib_metadata"];
const PACKAGES = ["asyncio", "multiprocessing", "concurrent", "libcst", "pygls", "lsprotocol", "attrs", "cattrs",
  "tensorlens"];
const LEAF = "import torch\nw = torch.ones(3, requires_grad=True)\nw.add_(1)\n";

/** Fills `workspace` with the planted modules; each writes its name into `marks` when imported. */
function plant(workspace: string, marks: string): void {
  fs.mkdirSync(marks, { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  for (const name of [...MODULES, ...PACKAGES]) {
    const body = `open(${JSON.stringify(path.join(marks, name))}, 'w').write('ran')\nraise SystemExit('planted ${name} ran')\n`;
    if (MODULES.includes(name)) {
      fs.writeFileSync(path.join(workspace, `${name}.py`), body);
    } else {
      fs.mkdirSync(path.join(workspace, name), { recursive: true });
      fs.writeFileSync(path.join(workspace, name, "__init__.py"), body);
      fs.writeFileSync(path.join(workspace, name, "__main__.py"), body);
    }
  }
  fs.writeFileSync(path.join(workspace, "train.py"), LEAF);
}

function ran(marks: string): string[] {
  return fs.readdirSync(marks).sort();
}

/** The Python 3.10 environment the compatibility tests make (tests/compat), when this machine has one. */
function python310(): string | undefined {
  const candidate = process.env.TL_PYTHON310 ?? path.join(REPOSITORY, ".venv-compat/3.10/bin/python");
  return fs.existsSync(candidate) ? candidate : undefined;
}

/** One JSON-RPC frame. */
function frame(message: object): string {
  const body = JSON.stringify(message);
  return `Content-Length: ${String(Buffer.byteLength(body))}\r\n\r\n${body}`;
}

/**
 * Starts the language server as the language client does (command, args and
 * environment from languageServerLaunch, the workspace as working folder),
 * opens train.py, waits for its diagnostics, shuts the server down; answers
 * the codes published and the exit code.
 */
function serveOnce(launch: ReturnType<typeof languageServerLaunch>, workspace: string): Promise<{ codes: string[]; exitCode: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(launch.command, launch.args, { cwd: workspace, env: launch.env, stdio: ["pipe", "pipe", "pipe"] });
    const uri = `file://${path.join(workspace, "train.py")}`;
    let buffer = Buffer.alloc(0);
    let codes: string[] | undefined;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error("the language server did not publish diagnostics in time"));
    }, 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())?.[1] ?? "0");
        if (buffer.length < end + 4 + length) return;
        const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString()) as {
          id?: number;
          method?: string;
          params?: { uri: string; diagnostics: { code: string }[] };
        };
        buffer = buffer.subarray(end + 4 + length);
        if (message.id === 1) {
          child.stdin.write(frame({ jsonrpc: "2.0", method: "initialized", params: {} }));
          child.stdin.write(frame({ jsonrpc: "2.0", method: "textDocument/didOpen", params: {
            textDocument: { uri, languageId: "python", version: 1, text: LEAF } } }));
        } else if (message.method === "textDocument/publishDiagnostics" && message.params?.uri === uri && codes === undefined) {
          codes = message.params.diagnostics.map((d) => d.code);
          child.stdin.write(frame({ jsonrpc: "2.0", id: 2, method: "shutdown", params: null }));
        } else if (message.id === 2) {
          child.stdin.write(frame({ jsonrpc: "2.0", method: "exit", params: null }));
        }
      }
    });
    child.on("error", reject);
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      resolve({ codes: codes ?? [], exitCode });
    });
    child.stdin.write(frame({ jsonrpc: "2.0", id: 1, method: "initialize", params: {
      processId: null, rootUri: `file://${workspace}`, capabilities: {} } }));
  });
}

describe("launches never import from the workspace (S1)", function () {
  this.timeout(120_000);
  let scratch: string;
  let workspace: string;
  let marks: string;
  let cache: string;

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tl-isolation-"));
    workspace = path.join(scratch, "workspace");
    marks = path.join(scratch, "marks");
    cache = path.join(scratch, "cache");
    plant(workspace, marks);
  });
  afterEach(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("starts Python 3.11+ as `python -P -m tensorlens`", async () => {
    const python = tensorlensPython();
    const version = await pythonVersion(python);
    assert.ok(version !== undefined && version.major === 3 && version.minor >= 11, `${python} is 3.11+`);
    assert.deepStrictEqual(tensorlensLaunch(python, version, ["check", "."], []).args, ["-P", "-m", "tensorlens", "check", "."]);
  });

  it("Check Workspace: runs nothing from the folder it checks, and still finds its bugs", async () => {
    const python = tensorlensPython();
    const launch = tensorlensLaunch(python, await pythonVersion(python), ["check", "--format", "json", "--exit-zero", workspace], []);
    const result = await runPython(launch.command, launch.args, { cwd: workspace, env: { ...launch.env, TENSORLENS_CACHE_DIR: cache } });
    assert.deepStrictEqual(ran(marks), []);
    assert.strictEqual(result.exitCode, 0, result.stderr);
    const findings = JSON.parse(result.stdout) as { path: string; code: string }[];
    assert.deepStrictEqual(findings.filter((f) => f.path.endsWith("train.py")).map((f) => f.code), ["TL101"]);
  });

  it("the language server and its worker processes run nothing from the workspace", async () => {
    const python = tensorlensPython();
    const launch = languageServerLaunch(python, await pythonVersion(python), []);
    const served = await serveOnce(launch, workspace);
    assert.deepStrictEqual(ran(marks), []);
    assert.deepStrictEqual(served.codes, ["TL101"]);
    assert.strictEqual(served.exitCode, 0);
  });

  it("the probe looks where the launch looks, not in the workspace", async () => {
    const python = tensorlensPython();
    const previous = process.cwd();
    process.chdir(workspace); // the extension host's own folder may be the workspace
    try {
      assert.deepStrictEqual(await probeTensorlens(python, isolatedEnv(process.env, [])), { kind: "installed" });
    } finally {
      process.chdir(previous);
    }
    assert.deepStrictEqual(ran(marks), []);
  });

  it("drops an inherited PYTHONPATH (here `.`, the workspace) and passes the user's tensorlens.pythonPath", async () => {
    const python = tensorlensPython();
    const extra = path.join(scratch, "extra");
    fs.mkdirSync(extra);
    fs.writeFileSync(path.join(extra, "sitecheck.py"), "");
    const launch = tensorlensLaunch(python, await pythonVersion(python), ["rules"], [extra], { ...process.env, PYTHONPATH: "." });
    assert.strictEqual(launch.env.PYTHONPATH, extra);
    const result = await runPython(launch.command, launch.args, { cwd: workspace, env: launch.env });
    assert.strictEqual(result.exitCode, 0, result.stderr);
    assert.deepStrictEqual(ran(marks), []);
    const inherited = await runPython(python, ["-P", "-m", "tensorlens", "rules"], { cwd: workspace, env: { ...process.env, PYTHONPATH: "." } });
    assert.ok(ran(marks).length > 0, `without isolatedEnv the planted modules run (exit ${String(inherited.exitCode)})`);
  });

  it("Python 3.10 (no -P): the bootstrap takes the workspace off sys.path before any import", async function () {
    const python = python310();
    if (python === undefined) {
      this.skip(); // made by the Python compatibility tests (tests/compat) on a machine with python3.10
      return;
    }
    const version = await pythonVersion(python);
    assert.deepStrictEqual(version, { major: 3, minor: 10 });
    const launch = tensorlensLaunch(python, version, ["check", "--format", "json", "--exit-zero", workspace], []);
    assert.deepStrictEqual(launch.args.slice(0, 2), ["-c", BOOTSTRAP]);
    const result = await runPython(launch.command, launch.args, { cwd: workspace, env: { ...launch.env, TENSORLENS_CACHE_DIR: cache } });
    assert.deepStrictEqual(ran(marks), []);
    assert.strictEqual(result.exitCode, 0, result.stderr);
    assert.ok(result.stdout.includes('"TL101"'), result.stdout);
    const served = await serveOnce(languageServerLaunch(python, version, []), workspace);
    assert.deepStrictEqual(ran(marks), []);
    assert.deepStrictEqual(served.codes, ["TL101"]);
  });
});
