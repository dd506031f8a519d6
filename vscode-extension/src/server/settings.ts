/** The `tensorlens.*` settings, as the server and the CLI want them. */
import * as vscode from "vscode";
import { expandSetting } from "./interpreter";

/** Sent as initializationOptions and under the "tensorlens" configuration section. */
export interface ServerSettings {
  readonly enable: boolean;
  readonly select: readonly string[];
  readonly ignore: readonly string[];
}

export function readSettings(resource?: vscode.Uri): ServerSettings {
  const config = vscode.workspace.getConfiguration("tensorlens", resource);
  return {
    enable: config.get<boolean>("enable", true),
    select: config.get<string[]>("select", []),
    ignore: config.get<string[]>("ignore", []),
  };
}

/** `--select`/`--ignore` for the CLI: the same choice as the editor's diagnostics. */
export function ruleSelectionArgs(settings: ServerSettings): string[] {
  const args: string[] = [];
  if (settings.select.length > 0) args.push("--select", settings.select.join(","));
  if (settings.ignore.length > 0) args.push("--ignore", settings.ignore.join(","));
  return args;
}

/**
 * `tensorlens.pythonPath`: the folders the user explicitly wants on the import
 * path of the Python that runs TensorLens (as PYTHONPATH). The PYTHONPATH VS
 * Code itself was started with is never passed on (see launch.ts).
 */
export function readPythonPath(resource?: vscode.Uri): string[] {
  const entries = vscode.workspace.getConfiguration("tensorlens", resource).get<string[]>("pythonPath", []);
  return entries.map((entry) => entry.trim()).filter((entry) => entry.length > 0).map((entry) => expandSetting(entry, resource));
}
