/**
 * Tells the user, once per interpreter, that tensorlens is missing there, or
 * that the package of that name there is another one, and offers to
 * pip-install the wheel the extension ships (never `tensorlens` from PyPI, an
 * unrelated package). Once, because a missing package is not an error
 * to repeat on every file opened or setting changed.
 */
import * as vscode from "vscode";
import { ForeignPackage, foreignPackageMessage, InstallSource, installArgs, notInstalledMessage } from "./installSource";
import { Interpreter } from "./interpreter";

/** How the install task is told apart (task events drop a definition's extra properties). */
export const INSTALL_TASK = { name: "install tensorlens", source: "TensorLens" } as const;

export class InstallPrompt {
  private readonly offered = new Set<string>();

  constructor(
    private readonly source: InstallSource,
    private readonly onInstalled: () => void,
  ) {}

  /** `foreign`: the interpreter's tensorlens is another package, which Install replaces. */
  offer(interpreter: Interpreter, foreign?: ForeignPackage): void {
    if (this.offered.has(interpreter.command)) return;
    this.offered.add(interpreter.command);
    void this.ask(interpreter, foreign);
  }

  private async ask(interpreter: Interpreter, foreign: ForeignPackage | undefined): Promise<void> {
    const args = installArgs(this.source);
    // Without a bundled wheel the message says how to install from a checkout.
    const actions = args === undefined ? ["Choose Interpreter"] : ["Install", "Choose Interpreter"];
    const message =
      foreign === undefined
        ? notInstalledMessage(interpreter.command, this.source)
        : foreignPackageMessage(interpreter.command, foreign, this.source);
    const choice = await vscode.window.showWarningMessage(message, ...actions);
    if (choice === "Install" && args !== undefined) await this.install(interpreter, args);
    if (choice === "Choose Interpreter") {
      await vscode.commands.executeCommand("tensorlens.chooseInterpreter");
    }
  }

  /** A task, not a hidden process: the user sees pip's output and can stop it. */
  private async install(interpreter: Interpreter, args: string[]): Promise<void> {
    const task = new vscode.Task(
      { type: "process", tensorlens: "install" },
      vscode.TaskScope.Workspace,
      INSTALL_TASK.name,
      INSTALL_TASK.source,
      new vscode.ProcessExecution(interpreter.command, args),
    );
    // Listening before the task starts: pip can fail faster than executeTask resolves.
    let execution: vscode.TaskExecution | undefined;
    const early: vscode.TaskProcessEndEvent[] = [];
    const ended = vscode.tasks.onDidEndTaskProcess((e) => {
      if (execution === undefined) early.push(e);
      else finished(e);
    });
    const finished = (e: vscode.TaskProcessEndEvent) => {
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
    };
    try {
      execution = await vscode.tasks.executeTask(task);
    } catch (e) {
      ended.dispose();
      this.offered.delete(interpreter.command);
      void vscode.window.showErrorMessage(`TensorLens: could not start the install task: ${(e as Error).message}`);
      return;
    }
    for (const e of early) finished(e);
  }
}
