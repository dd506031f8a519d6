/**
 * Tells the user, once per interpreter, that tensorlens is missing there and
 * offers to pip-install it. Once, because a missing package is not an error
 * to repeat on every file opened or setting changed.
 */
import * as vscode from "vscode";
import { Interpreter } from "./interpreter";

export class InstallPrompt {
  private readonly offered = new Set<string>();

  constructor(private readonly onInstalled: () => void) {}

  offer(interpreter: Interpreter): void {
    if (this.offered.has(interpreter.command)) return;
    this.offered.add(interpreter.command);
    void this.ask(interpreter);
  }

  private async ask(interpreter: Interpreter): Promise<void> {
    const choice = await vscode.window.showWarningMessage(
      `TensorLens is not installed in ${interpreter.command}. Install it to get PyTorch diagnostics, quick fixes and hovers.`,
      "Install",
      "Choose Interpreter",
    );
    if (choice === "Install") await this.install(interpreter);
    if (choice === "Choose Interpreter") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "tensorlens.interpreter");
    }
  }

  /** A task, not a hidden process: the user sees pip's output and can stop it. */
  private async install(interpreter: Interpreter): Promise<void> {
    const task = new vscode.Task(
      { type: "process", tensorlens: "install" },
      vscode.TaskScope.Workspace,
      "install tensorlens",
      "TensorLens",
      new vscode.ProcessExecution(interpreter.command, ["-m", "pip", "install", "tensorlens"]),
    );
    const execution = await vscode.tasks.executeTask(task);
    const ended = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution !== execution) return;
      ended.dispose();
      if (e.exitCode === 0) {
        this.onInstalled();
      } else {
        void vscode.window.showErrorMessage(
          `Installing tensorlens into ${interpreter.command} failed (exit code ${String(e.exitCode)}); see the terminal.`,
        );
        this.offered.delete(interpreter.command);
      }
    });
  }
}
