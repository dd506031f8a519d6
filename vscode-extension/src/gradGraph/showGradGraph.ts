/** "Show grad_fn graph" on a tensor row: ask the debuggee, then draw. */
import * as vscode from "vscode";
import { FrameWatcher } from "../debug/frameWatcher";
import { inspectGradGraph } from "../debug/helperCalls";
import { TensorRow } from "../debug/tensorTree";
import { GradGraphPanel, RenderedGraph } from "./panel";

export async function showGradGraph(
  watcher: FrameWatcher,
  panel: GradGraphPanel,
  row: TensorRow | undefined,
): Promise<RenderedGraph | undefined> {
  const snapshot = watcher.current;
  const expression = row?.expression ?? null;
  if (snapshot === undefined || expression === null) {
    void vscode.window.showInformationMessage("TensorLens: pick a tensor in the TensorLens view of a stopped Python session.");
    return undefined;
  }
  const outcome = await inspectGradGraph(snapshot.session, snapshot.frameId, expression);
  switch (outcome.kind) {
    case "ok":
      return panel.show(expression, outcome.value);
    case "missing":
      void vscode.window.showWarningMessage(watcher.missingMessage(snapshot.session));
      return undefined;
    case "error":
      void vscode.window.showErrorMessage(`TensorLens: the grad_fn graph of ${expression} failed: ${outcome.message}`);
      return undefined;
  }
}
