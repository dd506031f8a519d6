/** The status bar item: the server's state at a glance, a click shows the log. */
import * as vscode from "vscode";
import { describeState, ServerState } from "./serverState";

export class ServerStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("tensorlens.status", vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = "TensorLens";
    this.item.command = "tensorlens.showOutput";
  }

  show(state: ServerState): void {
    const status = describeState(state);
    this.item.text = status.text;
    this.item.tooltip = status.tooltip;
    this.item.backgroundColor =
      status.severity === "ok"
        ? undefined
        : new vscode.ThemeColor(status.severity === "error" ? "statusBarItem.errorBackground" : "statusBarItem.warningBackground");
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
