/**
 * How the extension starts Python: never with the workspace on `sys.path`.
 *
 * `python -m tensorlens` puts its current folder (the workspace) first on
 * `sys.path`, so a workspace `typing.py`, `json.py`, `argparse.py` or
 * `struct.py` would shadow the standard library and run: TensorLens would run
 * the code it is there to check. So Python 3.11+ is started with `-P`, and
 * older ones with a `-c` bootstrap that takes the current folder off
 * `sys.path` before it imports anything and then runs the module as `-m`
 * would. The PYTHONPATH VS Code was started with is not passed on (a relative
 * entry names a folder of the workspace); the `tensorlens.pythonPath` setting
 * says what the user wants there, explicitly. PYTHONSAFEPATH keeps the
 * processes TensorLens starts itself (the language server's workers) off the
 * workspace too.
 *
 * Nothing here needs VS Code: the unit tests start these exact command lines.
 */
import { execFile } from "child_process";
import * as path from "path";

export interface PythonVersion {
  readonly major: number;
  readonly minor: number;
}

export interface PythonLaunch {
  readonly command: string;
  readonly args: string[];
  readonly env: NodeJS.ProcessEnv;
}

/**
 * For Pythons without -P: `-c` puts "" (the current folder) first on sys.path; it goes before anything
 * is imported (a 3.11+ with PYTHONSAFEPATH set puts nothing there), then the module runs as `-m` runs it.
 */
export const BOOTSTRAP = [
  "import sys",
  "if sys.path[:1] == ['']:",
  "    del sys.path[0]",
  "import runpy",
  "runpy.run_module('tensorlens', run_name='__main__', alter_sys=True)",
].join("\n");

/** Does this Python have -P (3.11+)? */
export function hasSafePath(version: PythonVersion | undefined): boolean {
  return version !== undefined && (version.major > 3 || (version.major === 3 && version.minor >= 11));
}

/** The arguments of `python -m tensorlens ARGS`, isolated from the current folder on every version. */
export function tensorlensArgs(version: PythonVersion | undefined, args: readonly string[]): string[] {
  return hasSafePath(version) ? ["-P", "-m", "tensorlens", ...args] : ["-c", BOOTSTRAP, ...args];
}

/** The environment of every Python the extension starts: `base` without its PYTHONPATH, plus the user's own. */
export function isolatedEnv(base: NodeJS.ProcessEnv, pythonPath: readonly string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, PYTHONSAFEPATH: "1" };
  delete env.PYTHONPATH;
  if (pythonPath.length > 0) env.PYTHONPATH = pythonPath.join(path.delimiter);
  return env;
}

/** `python -m tensorlens ARGS`, as the extension launches it. */
export function tensorlensLaunch(
  command: string,
  version: PythonVersion | undefined,
  args: readonly string[],
  pythonPath: readonly string[],
  base: NodeJS.ProcessEnv = process.env,
): PythonLaunch {
  return { command, args: tensorlensArgs(version, args), env: isolatedEnv(base, pythonPath) };
}

/** `python -m tensorlens lsp`, as the language client starts the server. */
export function languageServerLaunch(
  command: string,
  version: PythonVersion | undefined,
  pythonPath: readonly string[],
  base: NodeJS.ProcessEnv = process.env,
): PythonLaunch {
  return tensorlensLaunch(command, version, ["lsp"], pythonPath, base);
}

const versions = new Map<string, Promise<PythonVersion | undefined>>();

/**
 * The interpreter's version (asked once per command; `-I` so that the question
 * itself runs nothing from anywhere), undefined when it cannot tell: the
 * bootstrap, which works on every version, is used then.
 */
export function pythonVersion(command: string): Promise<PythonVersion | undefined> {
  let known = versions.get(command);
  if (known === undefined) {
    known = new Promise((resolve) => {
      execFile(command, ["-I", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], (error, stdout) => {
        const match = /^(\d+)\.(\d+)\s*$/.exec(stdout);
        resolve(error === null && match !== null ? { major: Number(match[1]), minor: Number(match[2]) } : undefined);
      });
    });
    versions.set(command, known);
  }
  return known;
}
