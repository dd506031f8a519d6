/** (a) A TL101 bug is reported as a diagnostic, and its quick fix edits the file. */
import * as assert from "assert";
import * as vscode from "vscode";
import { ask } from "./bridge";
import { extensionApi, lineOf, waitFor, workspaceFile } from "./waits";

function tensorlensDiagnostics(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === "tensorlens" && typeof d.code === "object" && d.code.value === code);
}

describe("diagnostics and quick fixes", () => {
  const uri = workspaceFile("tl101_sgd.py");

  before(async () => {
    const api = await extensionApi();
    await waitFor("the language server to run", () => api.server.state.kind === "running");
  });

  it("reports TL101 on the in-place parameter update, with the server's details", async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await waitFor("a TL101 diagnostic", () => {
      const found = tensorlensDiagnostics(uri, "TL101");
      return found.length > 0 ? found : undefined;
    });
    assert.strictEqual(diagnostic.range.start.line, lineOf(document, "# TL101"));
    assert.strictEqual(document.getText(diagnostic.range), "p -= 0.1 * p.grad");
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /in-place/);
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /TL101/);
    // Where the parameter got requires_grad: the `for p in model.parameters()` line.
    const related = diagnostic.relatedInformation ?? [];
    assert.ok(related.some((r) => r.location.range.start.line === lineOf(document, "for p in")), JSON.stringify(related));

    await vscode.commands.executeCommand("workbench.actions.view.problems");
    await waitFor("an error squiggle in the editor", async () => {
      const { texts } = await ask({ action: "visibleTexts", selector: ".monaco-editor .squiggly-error" });
      return texts.length > 0;
    });
    // The hover a user gets on the squiggle: the message and "Quick Fix...".
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
    await vscode.commands.executeCommand("editor.action.showHover");
    const hover = await waitFor("the problem hover", async () => {
      const { texts } = await ask({ action: "visibleTexts", selector: ".monaco-hover" });
      return texts.find((t) => t.includes("in-place"));
    });
    assert.match(hover, /TL101/);
    await ask({ action: "screenshot", name: "diagnostics" });
  });

  it("offers a fix and a suppression, and the fix edits the file", async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    const [diagnostic] = tensorlensDiagnostics(uri, "TL101");
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const mine = actions.filter((a) => a.diagnostics?.some((d) => d.source === "tensorlens") ?? a.title.includes("TL101"));
    const suppress = mine.find((a) => a.title.includes("Suppress TL101"));
    assert.ok(suppress, `a suppression among ${mine.map((a) => a.title).join(" | ")}`);
    const fix = mine.find((a) => a !== suppress && a.kind?.contains(vscode.CodeActionKind.QuickFix) === true);
    assert.ok(fix, `a quick fix among ${mine.map((a) => a.title).join(" | ")}`);

    const fixAll = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      uri,
      diagnostic.range,
      "source.fixAll.tensorlens",
    );
    assert.ok(fixAll.some((a) => a.kind?.value === "source.fixAll.tensorlens"), "the fix-all source action");

    const before = document.getText();
    if (fix.edit !== undefined) assert.ok(await vscode.workspace.applyEdit(fix.edit));
    if (fix.command !== undefined) {
      const args: unknown[] = fix.command.arguments ?? [];
      await vscode.commands.executeCommand(fix.command.command, ...args);
    }
    const after = document.getText();
    assert.notStrictEqual(after, before, "the quick fix changed the file");
    // The server may wrap the statement or the whole loop; either way the update
    // ends up inside `with torch.no_grad():`, indented below it.
    const guard = after.indexOf("with torch.no_grad():");
    assert.ok(guard >= 0, after);
    assert.match(after.slice(guard), /\n\s+p -= 0\.1 \* p\.grad/);
    await waitFor("TL101 to go away after the fix", () => tensorlensDiagnostics(uri, "TL101").length === 0);
    await document.save();
  });
});
