/** `python -m tensorlens <subcommand>`: the CLI the commands build on. */
import * as vscode from "vscode";
import { foreignPackageText } from "./installSource";
import { resolveInterpreter } from "./interpreter";
import { pythonVersion, tensorlensLaunch } from "./launch";
import { probeTensorlens, runPython } from "./pythonProcess";
import { readPythonPath } from "./settings";

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * Runs the CLI and returns its stdout. Exit codes 0 and 1 are answers (1 means
 * findings); 2 is a usage or internal error (SPEC.md) and becomes a CliError.
 */
export async function runTensorlens(
  args: readonly string[],
  options: { resource?: vscode.Uri; cwd?: string; token?: vscode.CancellationToken } = {},
): Promise<string> {
  const interpreter = await resolveInterpreter(options.resource);
  // Isolated from the workspace it checks (launch.ts): `python -P -m tensorlens`, no inherited PYTHONPATH.
  const launch = tensorlensLaunch(
    interpreter.command,
    await pythonVersion(interpreter.command),
    args,
    readPythonPath(options.resource),
  );
  const result = await runPython(launch.command, launch.args, { cwd: options.cwd, token: options.token, env: launch.env });
  if (result.exitCode === 0 || result.exitCode === 1) return result.stdout;
  if (options.token?.isCancellationRequested === true) throw new vscode.CancellationError();
  const presence = await probeTensorlens(interpreter.command, launch.env);
  if (presence.kind === "missing") {
    throw new CliError(`tensorlens is not installed in ${interpreter.command}.`);
  }
  if (presence.kind === "foreign") throw new CliError(foreignPackageText(interpreter.command, presence.foreign));
  const detail = result.stderr.trim().split(/\r?\n/).slice(-3).join(" ");
  throw new CliError(`tensorlens ${args[0] ?? ""} failed (exit code ${String(result.exitCode)}): ${detail}`);
}
