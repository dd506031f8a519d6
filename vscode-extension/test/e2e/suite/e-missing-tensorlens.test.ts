/**
 * When tensorlens is missing, another package of that name, or broken: the
 * debug view says so once, the editor offers to install it once, and a server
 * that dies at start-up is not retried.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import { INSTALL_TASK } from "../../../src/server/installPrompt";
import { BUNDLED_DIR, foreignPackageMessage, missingInDebuggeeMessage, wheelFileName } from "../../../src/server/installSource";
import { createVenv, sitePackages, writeForeignTensorlens } from "../../pythonEnvs";
import { debugUntilBreakpoint, endSession } from "./c-debugger.test";
import { ask } from "./bridge";
import { extensionApi, python, waitFor, workspaceFile } from "./waits";

// Debian's interpreter: same Python version as the venv, no torch, no tensorlens.
const BARE_PYTHON = "/usr/bin/python3";
// PyPI's `tensorlens` is an unrelated package: nothing may tell users to install it by name.
const PYPI_INSTALL = /pip install tensorlens\b/;

/** The wheel the extension ships (the runner builds bundled/ when it is missing). */
function bundledWheel(): string {
  const extension = vscode.extensions.getExtension("tensorlens.tensorlens");
  if (extension === undefined) throw new Error("the TensorLens extension is not loaded");
  const { version } = extension.packageJSON as { version: string };
  const wheel = path.join(extension.extensionPath, BUNDLED_DIR, wheelFileName(version));
  assert.ok(fs.existsSync(wheel), `${wheel} is missing: npm run bundle-wheel`);
  return wheel;
}

describe("without tensorlens", () => {
  it("the debug view says tensorlens is missing in the debuggee", async () => {
    const api = await extensionApi();
    const session = await debugUntilBreakpoint("no_torch.py", BARE_PYTHON);
    try {
      const snapshot = await waitFor("the view's message", () =>
        api.tensors.current?.session.id === session.id ? api.tensors.current : undefined,
      );
      // The launch names the interpreter, so the advice is a command to run as is.
      const wheelSource = { kind: "wheel", wheel: bundledWheel() } as const;
      assert.strictEqual(snapshot.message, missingInDebuggeeMessage(BARE_PYTHON, wheelSource));
      assert.ok(snapshot.message.includes(`${BARE_PYTHON} -m pip install ${wheelSource.wheel}`), snapshot.message);
      assert.doesNotMatch(snapshot.message, PYPI_INSTALL);
      assert.deepStrictEqual(snapshot.rows, []);
    } finally {
      await endSession(session);
    }
  });

  it("the language server is not started, and the user is told once", async () => {
    const api = await extensionApi();
    const config = vscode.workspace.getConfiguration("tensorlens");
    const useInterpreter = async (interpreter: string, state: string) => {
      await config.update("interpreter", interpreter, vscode.ConfigurationTarget.Workspace);
      await waitFor(`the ${state} state with ${interpreter}`, () => api.server.state.kind === state);
    };
    const installOffers = async () => {
      const { texts } = await ask({ action: "visibleTexts", selector: ".notification-toast .notification-list-item-message" });
      return texts.filter((t) => t.includes(`TensorLens is not installed in ${BARE_PYTHON}`));
    };
    try {
      await useInterpreter(BARE_PYTHON, "not-installed");
      await waitFor("the offer to install tensorlens", async () => (await installOffers()).length === 1);
      await ask({ action: "screenshot", name: "install-offer" });
      // Back and forth: a missing package is said once, not on every restart.
      await useInterpreter(python(), "running");
      await useInterpreter(BARE_PYTHON, "not-installed");
      assert.strictEqual((await installOffers()).length, 1);
    } finally {
      await useInterpreter(python(), "running");
      await vscode.commands.executeCommand("notifications.clearAll");
    }
  });

  it("an unrelated package named tensorlens counts as missing, and the offer says what it is", async () => {
    const api = await extensionApi();
    const config = vscode.workspace.getConfiguration("tensorlens");
    // PyPI's tensorlens 0.0.3 as pip installs it: `python -m tensorlens lsp` would fail obscurely there.
    const venv = fs.mkdtempSync(path.join(os.tmpdir(), "tl-foreign-"));
    const venvPython = createVenv(python(), venv);
    const site = sitePackages(venvPython);
    writeForeignTensorlens(site);
    const offers = async () => {
      const { texts } = await ask({ action: "visibleTexts", selector: ".notification-toast .notification-list-item-message" });
      return texts.filter((t) => t.includes(`The tensorlens package in ${venvPython}`));
    };
    try {
      await config.update("interpreter", venvPython, vscode.ConfigurationTarget.Workspace);
      const state = await waitFor("the foreign state", () => (api.server.state.kind === "foreign" ? api.server.state : undefined));
      const foreign = { location: path.join(site, "tensorlens"), version: "0.0.3" };
      assert.deepStrictEqual(state.foreign, foreign);
      const offer = await waitFor("the offer to install TensorLens in its place", async () => (await offers())[0]);
      assert.strictEqual(offer, foreignPackageMessage(venvPython, foreign, { kind: "wheel", wheel: bundledWheel() }));
      assert.doesNotMatch(offer, PYPI_INSTALL);
      await ask({ action: "screenshot", name: "foreign-package-offer" });
    } finally {
      await config.update("interpreter", python(), vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand("notifications.clearAll");
      fs.rmSync(venv, { recursive: true, force: true });
    }
    await waitFor("the server to run again", () => api.server.state.kind === "running");
  });

  it("Install pip-installs the wheel the extension ships, in a task, and reports a failure", async () => {
    const api = await extensionApi();
    const wheel = bundledWheel();
    const config = vscode.workspace.getConfiguration("tensorlens");
    // A throwaway venv without pip: the task runs the real command line, which
    // fails at once ("No module named pip"), offline, and installs nothing.
    const venv = fs.mkdtempSync(path.join(os.tmpdir(), "tl-no-pip-"));
    execFileSync(python(), ["-m", "venv", "--without-pip", venv]);
    const venvPython = path.join(venv, "bin", "python");
    const executions: vscode.TaskExecution[] = [];
    const listening = vscode.tasks.onDidStartTask((e) => {
      const { name, source } = e.execution.task;
      if (name === INSTALL_TASK.name && source === INSTALL_TASK.source) executions.push(e.execution);
    });
    const notifications = async (text: string) => {
      const { texts } = await ask({ action: "visibleTexts", selector: ".notification-toast .notification-list-item-message" });
      return texts.filter((t) => t.includes(text));
    };
    try {
      await config.update("interpreter", venvPython, vscode.ConfigurationTarget.Workspace);
      await waitFor("the not-installed state", () => api.server.state.kind === "not-installed");
      const offer = await waitFor("the offer to install", async () => (await notifications(`TensorLens is not installed in ${venvPython}`))[0]);
      assert.ok(offer.includes(wheel), offer);
      assert.doesNotMatch(offer, PYPI_INSTALL);
      const clicked = await ask({ action: "clickNotificationButton", message: `not installed in ${venvPython}`, button: "Install" });
      assert.ok(clicked.clicked, "no Install button on the notification");

      const execution = await waitFor("the install task", () => executions[0]);
      // The command line the task ran: the chosen interpreter, pip, the bundled wheel by absolute path.
      const processExecution = execution.task.execution;
      assert.ok(processExecution instanceof vscode.ProcessExecution, "a process task, not a shell command line");
      assert.strictEqual(processExecution.process, venvPython);
      assert.deepStrictEqual(processExecution.args, ["-m", "pip", "install", wheel]);

      const failed = await waitFor("the failure notice", async () => (await notifications(`Installing tensorlens into ${venvPython} failed`))[0]);
      assert.match(failed, /exit code 1\b/);
      await ask({ action: "screenshot", name: "install-task" });
    } finally {
      listening.dispose();
      await config.update("interpreter", python(), vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand("notifications.clearAll");
      // The task's terminal (workbench.action.terminal.killAll can hang in code-server).
      for (const terminal of vscode.window.terminals) terminal.dispose();
      await vscode.commands.executeCommand("workbench.action.closePanel");
      fs.rmSync(venv, { recursive: true, force: true });
    }
    await waitFor("the server to run again", () => api.server.state.kind === "running");
  });

  it("a language server that dies at start-up is not restarted, and the user is told once", async () => {
    const api = await extensionApi();
    const config = vscode.workspace.getConfiguration("tensorlens");
    const crashing = workspaceFile("crashing_python.sh").fsPath;
    const errors = async () => {
      const { texts } = await ask({ action: "visibleTexts", selector: ".notification-toast .notification-list-item-message" });
      return texts.filter((t) => t.startsWith("TensorLens: the language server"));
    };
    await config.update("interpreter", crashing, vscode.ConfigurationTarget.Workspace);
    try {
      const failed = await waitFor("the failed state", () => (api.server.state.kind === "failed" ? api.server.state : undefined));
      assert.match(failed.message, /language server/);
      const shown = await waitFor("the error notification", async () => {
        const found = await errors();
        return found.length > 0 ? found : undefined;
      });
      assert.strictEqual(shown.length, 1, shown.join(" | "));
      assert.strictEqual(api.server.state.kind, "failed");
    } finally {
      await config.update("interpreter", python(), vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand("notifications.clearAll");
    }
    await waitFor("the server to run again", () => api.server.state.kind === "running");
  });
});
