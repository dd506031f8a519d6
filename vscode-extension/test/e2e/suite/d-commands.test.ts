/** The palette commands: Check Workspace, Explain Rule, Restart Server, and the status bar item. */
import * as assert from "assert";
import * as vscode from "vscode";
import { ask } from "./bridge";
import { extensionApi, waitFor, workspaceFile } from "./waits";

describe("commands", () => {
  it("Check Workspace reports problems in files that are not open", async () => {
    const uri = workspaceFile("never_opened.py");
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), "the file is not open");
    const total = await vscode.commands.executeCommand<number>("tensorlens.checkWorkspace");
    assert.ok(total >= 1, `${total} findings`);
    const [diagnostic] = vscode.languages.getDiagnostics(uri).filter((d) => d.source === "tensorlens");
    assert.ok(diagnostic, "a TensorLens problem for never_opened.py");
    assert.strictEqual((diagnostic.code as { value: string }).value, "TL101");
    assert.strictEqual(diagnostic.range.start.line, 4);
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Error);
  });

  it("Explain Rule shows the rule's documentation as markdown", async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>("tensorlens.explainRule", "TL101");
    assert.ok(uri);
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /TL101/);
    assert.match(text, /## What it does/);
    const tabLabels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    await waitFor("a markdown preview tab for TL101", () => tabLabels().some((label) => label.includes("TL101")));
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
  });

  it("Restart Server brings the server back, and the status bar follows it", async () => {
    const api = await extensionApi();
    const states: string[] = [];
    const sub = api.server.onDidChangeState((s) => states.push(s.kind));
    await vscode.commands.executeCommand("tensorlens.restartServer");
    await waitFor("the server to run again", () => api.server.state.kind === "running");
    sub.dispose();
    assert.deepStrictEqual(states.slice(0, 1), ["stopped"]);
    assert.strictEqual(states[states.length - 1], "running");
    const item = await waitFor("the TensorLens status bar item", async () => {
      const { texts } = await ask({ action: "visibleTexts", selector: ".statusbar-item" });
      return texts.find((t) => t.includes("TensorLens"));
    });
    assert.match(item, /TensorLens/);
  });
});
