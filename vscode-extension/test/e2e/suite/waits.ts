/**
 * Waiting for a state, never for a time: each wait polls a condition and gives
 * up only after a generous limit, so slow machines pass and hangs still fail.
 */
import * as path from "path";
import * as vscode from "vscode";
import type { TensorLensApi } from "../../../src/extension";

export const GENEROUS_MS = 90_000;

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  limitMs = GENEROUS_MS,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`gave up waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function extensionApi(): Promise<TensorLensApi> {
  const extension = vscode.extensions.getExtension<TensorLensApi>("tensorlens.tensorlens");
  if (extension === undefined) throw new Error("the TensorLens extension is not loaded");
  return extension.activate();
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) throw new Error("no workspace folder open");
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

/** The 0-based line holding `marker`, so tests name lines by content, not number. */
export function lineOf(document: vscode.TextDocument, marker: string): number {
  for (let i = 0; i < document.lineCount; i++) if (document.lineAt(i).text.includes(marker)) return i;
  throw new Error(`${marker} not found in ${document.uri.fsPath}`);
}

export function python(): string {
  const interpreter = process.env.TL_PYTHON;
  if (interpreter === undefined) throw new Error("TL_PYTHON is not set");
  return interpreter;
}
