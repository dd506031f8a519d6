/** Without tensorlens: the debug view says so once, and the editor offers to install it. */
import * as assert from "assert";
import * as vscode from "vscode";
import { MISSING_IN_DEBUGGEE } from "../../../src/debug/frameWatcher";
import { debugUntilBreakpoint, endSession } from "./c-debugger.test";
import { extensionApi, python, waitFor } from "./waits";

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
    await config.update("interpreter", BARE_PYTHON, vscode.ConfigurationTarget.Workspace);
    try {
      const state = await waitFor("the not-installed state", () =>
        api.server.state.kind === "not-installed" ? api.server.state : undefined,
      );
      assert.strictEqual(state.interpreter.command, BARE_PYTHON);
    } finally {
      await config.update("interpreter", python(), vscode.ConfigurationTarget.Workspace);
    }
    await waitFor("the server to run again", () => api.server.state.kind === "running");
  });
});
