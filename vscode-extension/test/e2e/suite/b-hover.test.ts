/** (b) Hovering a tensor shows what the engine inferred about it. */
import * as assert from "assert";
import * as vscode from "vscode";
import { extensionApi, lineOf, waitFor, workspaceFile } from "./waits";

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    // MarkdownString and the older { language, value } both carry `value`.
    .map((c) => (typeof c === "string" ? c : (c as { value: string }).value))
    .join("\n");
}

describe("hover", () => {
  it("shows the inferred facts of a leaf tensor that requires grad", async () => {
    const api = await extensionApi();
    await waitFor("the language server to run", () => api.server.state.kind === "running");
    const document = await vscode.workspace.openTextDocument(workspaceFile("hover_facts.py"));
    await vscode.window.showTextDocument(document);
    const line = lineOf(document, "# HOVER");
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf("w * 3"));
    const text = await waitFor("hover facts for w", async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", document.uri, position);
      const all = hoverText(hovers);
      return /requires_grad/.test(all) ? all : undefined;
    });
    assert.match(text, /tensor/);
    assert.match(text, /requires_grad/);
    assert.match(text, /leaf/);
    assert.match(text, /cpu/);
  });
});
