/**
 * "TensorLens: Check Workspace": every Python file of every workspace folder,
 * through `tensorlens check --format json`, into the Problems panel.
 */
import * as path from "path";
import * as vscode from "vscode";
import { Finding, parseCheckReport } from "../contracts/checkReport";
import { runTensorlens } from "../server/cli";
import { readSettings, ruleSelectionArgs } from "../server/settings";
import { toDiagnostic } from "./diagnostics";

export class WorkspaceCheck implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("tensorlens-workspace");
  private readonly subscriptions: vscode.Disposable[] = [];

  /** @param serverCoversOpenFiles the language server owns open files while it runs */
  constructor(private readonly serverCoversOpenFiles: () => boolean) {
    // Once a file is open the language server reports it live; keeping the
    // batch result too would show every problem twice and let it go stale.
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (this.serverCoversOpenFiles()) this.collection.delete(doc.uri);
      }),
    );
  }

  async run(): Promise<number> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showInformationMessage("TensorLens: open a folder to check a workspace.");
      return 0;
    }
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "TensorLens: checking the workspace", cancellable: true },
      async (_progress, token) => {
        this.collection.clear();
        let total = 0;
        for (const folder of folders) {
          const findings = await this.checkFolder(folder, token);
          total += findings.length;
          this.publish(folder, findings);
        }
        return total;
      },
    );
  }

  private async checkFolder(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken): Promise<Finding[]> {
    const args = ["check", "--format", "json", "--exit-zero", ...ruleSelectionArgs(readSettings(folder.uri)), folder.uri.fsPath];
    const stdout = await runTensorlens(args, { resource: folder.uri, cwd: folder.uri.fsPath, token });
    return parseCheckReport(stdout);
  }

  private publish(folder: vscode.WorkspaceFolder, findings: readonly Finding[]): void {
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const f of findings) {
      const uri = vscode.Uri.file(path.resolve(folder.uri.fsPath, f.path));
      if (this.serverCoversOpenFiles() && open.has(uri.toString())) continue;
      const list = byFile.get(uri.toString()) ?? [];
      list.push(toDiagnostic(f));
      byFile.set(uri.toString(), list);
    }
    for (const [uri, diagnostics] of byFile) this.collection.set(vscode.Uri.parse(uri), diagnostics);
  }

  dispose(): void {
    this.collection.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
