/**
 * When tensorlens is missing or broken: the debug view says so once, the editor
 * offers to install it once, and a server that dies at start-up is not retried.
 */
import * as assert from "assert";
import * as vscode from "vscode";
import { MISSING_IN_DEBUGGEE } from "../../../src/debug/frameWatcher";
import { debugUntilBreakpoint, endSession } from "./c-debugger.test";
import { ask } from "./bridge";
import { extensionApi, python, waitFor, workspaceFile } from "./waits";

// Debian's interpreter: same Python version as the venv, no torch, no tensorlens.
const BARE_PYTHON = "/usr/bin/python3";

describe("without tensorlens", () => {
  it("the debug view says tensorlens is missing in the debuggee", async () => {
    const api = await extensionApi();
    const session = await debugUntilBreakpoint("no_torch.py", BARE_PYTHON);
    try {
      const snapshot = await waitFor("the view's message", () =>
        api.tensors.current?.session.id === session.id ? api.tensors.current : undefined,
      );
      assert.strictEqual(snapshot.message, MISSING_IN_DEBUGGEE);
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
