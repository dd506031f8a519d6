/** "TensorLens: Choose Interpreter" without the Python extension (issue 21: it opened an empty Settings page). */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import { ask } from "./bridge";
import { extensionApi, python, waitFor, workspaceFile } from "./waits";

describe("Choose Interpreter", () => {
  it("lists the workspace's .venv and PATH's pythons, stores the pick and restarts the server", async () => {
    assert.strictEqual(vscode.extensions.getExtension("ms-python.python"), undefined, "the Python extension is absent");
    const api = await extensionApi();
    // A workspace venv whose python is the test interpreter (a wrapper: a bare symlink would lose the venv).
    const venvPython = workspaceFile(".venv/bin/python").fsPath;
    fs.mkdirSync(path.dirname(venvPython), { recursive: true });
    fs.writeFileSync(venvPython, `#!/bin/sh\nexec "${python()}" "$@"\n`);
    fs.chmodSync(venvPython, 0o755);
    const config = vscode.workspace.getConfiguration("tensorlens");
    try {
      const choice = vscode.commands.executeCommand<string | undefined>("tensorlens.chooseInterpreter");
      const rows = await waitFor("the interpreter Quick Pick", async () => {
        const { texts } = await ask({ action: "visibleTexts", selector: ".quick-input-widget .monaco-list-row" });
        return texts.some((t) => t.includes(".venv in")) ? texts : undefined;
      });
      assert.ok(rows.some((t) => t.includes("Enter path")), rows.join(" | "));
      assert.ok(rows.some((t) => /\/python3?(\.\d+)?\b/.test(t) && !t.includes(".venv")), `a python on PATH: ${rows.join(" | ")}`);
      assert.ok(!rows.some((t) => t.includes("Python extension")), rows.join(" | "));
      await ask({ action: "screenshot", name: "interpreter-picker" });
      const { clicked } = await ask({ action: "clickQuickPickItem", text: venvPython });
      assert.ok(clicked, "the .venv row was clicked");
      assert.strictEqual(await choice, venvPython);
      assert.strictEqual(vscode.workspace.getConfiguration("tensorlens").get("interpreter"), venvPython);
      await waitFor("the server running with the picked interpreter", () =>
        api.server.state.kind === "running" && api.server.state.interpreter.command === venvPython,
      );
    } finally {
      await config.update("interpreter", python(), vscode.ConfigurationTarget.Workspace);
      await waitFor("the server running with the test interpreter again", () =>
        api.server.state.kind === "running" && api.server.state.interpreter.command === python(),
      );
      fs.rmSync(path.dirname(path.dirname(venvPython)), { recursive: true, force: true });
    }
  });
});
