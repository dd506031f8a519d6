/**
 * "TensorLens: Explain Rule": `tensorlens explain CODE`, shown as rendered
 * markdown. The text comes from a read-only virtual document so it never
 * asks to be saved.
 */
import * as vscode from "vscode";
import { runTensorlens } from "../server/cli";

const SCHEME = "tensorlens-rule";
const CODE_PATTERN = /^TL\d{3}$/;

export class RuleExplainer implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const code = uri.path.replace(/^\//, "").replace(/\.md$/, "");
    return runTensorlens(["explain", code]);
  }

  /** @param code from a caller (a diagnostic's code); asked for when absent */
  async explain(code?: string): Promise<vscode.Uri | undefined> {
    const chosen = code ?? (await askForCode());
    if (chosen === undefined) return undefined;
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${chosen.toUpperCase()}.md` });
    // Run once here so an unknown code is an error message, not an empty preview.
    await this.provideTextDocumentContent(uri);
    await vscode.commands.executeCommand("markdown.showPreview", uri);
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
  }
}

/** Offers the codes currently reported in the workspace; any code can be typed. */
async function askForCode(): Promise<string | undefined> {
  const reported = new Map<string, string>();
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const d of diagnostics) {
      const code = typeof d.code === "object" ? String(d.code.value) : String(d.code ?? "");
      if (d.source === "tensorlens" && CODE_PATTERN.test(code)) reported.set(code, d.message);
    }
  }
  const pick = vscode.window.createQuickPick();
  pick.title = "TensorLens: Explain Rule";
  pick.placeholder = "Rule code, for example TL101";
  pick.items = [...reported].sort().map(([label, detail]) => ({ label, detail }));
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const typed = pick.value.trim().toUpperCase();
      const value = pick.selectedItems[0]?.label ?? typed;
      if (!CODE_PATTERN.test(value)) {
        pick.title = "TensorLens: Explain Rule (a rule code looks like TL101)";
        return;
      }
      resolve(value);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
