/**
 * Runs `<python> -m tensorlens …` and friends as child processes, with
 * cancellation, and answers with what they printed.
 */
import { spawn } from "child_process";
import * as vscode from "vscode";
import type { ForeignPackage } from "./installSource";
import { isolatedEnv } from "./launch";

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The interpreter could not be started at all (wrong path, not executable). */
export class InterpreterNotFound extends Error {
  constructor(readonly command: string, cause: string) {
    super(`cannot run ${command}: ${cause}`);
    this.name = "InterpreterNotFound";
  }
}

/**
 * Runs `command ARGS` and collects what it printed. `env` (default: the
 * isolated environment of launch.ts, without the user's PYTHONPATH) is the
 * environment of the process.
 */
export function runPython(
  command: string,
  args: readonly string[],
  options: { cwd?: string; token?: vscode.CancellationToken; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      // Unbuffered and UTF-8 whatever the user's locale: the output is parsed.
      env: { ...(options.env ?? isolatedEnv(process.env, [])), PYTHONUNBUFFERED: "1", PYTHONIOENCODING: "utf-8" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => stdout.push(b));
    child.stderr.on("data", (b: Buffer) => stderr.push(b));
    const cancel = options.token?.onCancellationRequested(() => child.kill());
    child.on("error", (e: NodeJS.ErrnoException) => {
      cancel?.dispose();
      reject(e.code === "ENOENT" || e.code === "EACCES" ? new InterpreterNotFound(command, e.message) : e);
    });
    child.on("close", (exitCode) => {
      cancel?.dispose();
      resolve({
        exitCode,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
  });
}

export type TensorlensPresence =
  | { readonly kind: "installed" }
  | { readonly kind: "missing" }
  /** A package named tensorlens that is not TensorLens, such as PyPI's `tensorlens`. */
  | { readonly kind: "foreign"; readonly foreign: ForeignPackage }
  | { readonly kind: "no-interpreter"; readonly message: string };

const OURS = 0;
const MISSING = 3;
const FOREIGN = 4;

/**
 * Tells TensorLens from a missing package and from another package of the same
 * name without importing or running either: find_spec of a top-level name only
 * searches sys.path (the setuptools editable finder included), and the files
 * are looked at, not executed. TensorLens is the package with `__main__.py`
 * (`python -m tensorlens`) and the `lsp` package (`python -m tensorlens lsp`),
 * the two things the extension runs; PyPI's `tensorlens` 0.0.3 has neither.
 * For a foreign package it prints its location and, when a distribution of
 * that name owns it (pip installed it), that distribution's version. Like
 * every launch (launch.ts), it never looks in the current folder.
 */
export const PROBE = `
import sys
if sys.path[:1] == ['']:
    del sys.path[0]  # -c put the current folder there: look where \`python -P -m tensorlens\` looks
import importlib.util, json, os
spec = importlib.util.find_spec('tensorlens')
if spec is None:
    sys.exit(${MISSING})
folders = list(spec.submodule_search_locations or [])
if any(os.path.isfile(os.path.join(f, '__main__.py')) and os.path.isdir(os.path.join(f, 'lsp')) for f in folders):
    sys.exit(${OURS})
location = folders[0] if folders else (spec.origin or '')
version = None
try:
    from importlib import metadata
    dist = metadata.distribution('tensorlens')
    owned = os.path.realpath(str(dist.locate_file('tensorlens')))
    if owned in (os.path.realpath(location), os.path.realpath(os.path.splitext(location)[0])):
        version = dist.version
except Exception:
    pass
print(json.dumps({'location': location, 'version': version}))
sys.exit(${FOREIGN})
`;

export async function probeTensorlens(command: string, env?: NodeJS.ProcessEnv): Promise<TensorlensPresence> {
  try {
    const result = await runPython(command, ["-c", PROBE], { env });
    if (result.exitCode === OURS) return { kind: "installed" };
    if (result.exitCode === MISSING) return { kind: "missing" };
    if (result.exitCode === FOREIGN) return { kind: "foreign", foreign: parseForeign(result.stdout) };
    return { kind: "no-interpreter", message: result.stderr.trim() || `exit code ${String(result.exitCode)}` };
  } catch (e) {
    return { kind: "no-interpreter", message: (e as Error).message };
  }
}

/** The probe's last line; a site customisation may have printed before it. */
function parseForeign(stdout: string): ForeignPackage {
  const line = stdout.trim().split(/\r?\n/).pop() ?? "";
  try {
    const parsed = JSON.parse(line) as { location?: unknown; version?: unknown };
    return {
      location: typeof parsed.location === "string" && parsed.location.length > 0 ? parsed.location : "location unknown",
      version: typeof parsed.version === "string" ? parsed.version : undefined,
    };
  } catch {
    return { location: "location unknown", version: undefined };
  }
}
