/**
 * Runs `<python> -m tensorlens …` and friends as child processes, with
 * cancellation, and answers with what they printed.
 */
import { spawn } from "child_process";
import * as vscode from "vscode";

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

export function runPython(
  command: string,
  args: readonly string[],
  options: { cwd?: string; token?: vscode.CancellationToken } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      // Unbuffered and UTF-8 whatever the user's locale: the output is parsed.
      env: { ...process.env, PYTHONUNBUFFERED: "1", PYTHONIOENCODING: "utf-8" },
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
  | { readonly kind: "no-interpreter"; readonly message: string };

// find_spec instead of `import tensorlens`: answers without running the package.
const PROBE = "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('tensorlens') else 3)";

export async function probeTensorlens(command: string): Promise<TensorlensPresence> {
  try {
    const result = await runPython(command, ["-c", PROBE]);
    if (result.exitCode === 0) return { kind: "installed" };
    if (result.exitCode === 3) return { kind: "missing" };
    return { kind: "no-interpreter", message: result.stderr.trim() || `exit code ${String(result.exitCode)}` };
  } catch (e) {
    return { kind: "no-interpreter", message: (e as Error).message };
  }
}
