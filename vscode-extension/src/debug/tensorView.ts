/** The "TensorLens" tree in the Run and Debug sidebar. */
import * as vscode from "vscode";
import { TensorRow } from "./tensorTree";

const ICONS: Record<TensorRow["kind"], string> = {
  devices: "server-environment",
  tensor: "symbol-array",
  parameter: "symbol-field",
  buffer: "symbol-constant",
  module: "symbol-class",
  "numpy-group": "link",
  "numpy-share": "link",
};

export class TensorView implements vscode.TreeDataProvider<TensorRow>, vscode.Disposable {
  private rows: readonly TensorRow[] = [];
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<TensorRow>;

  constructor() {
    this.treeView = vscode.window.createTreeView("tensorlens.tensors", { treeDataProvider: this, showCollapseAll: true });
  }

  /** Shows rows and, above them, a message that explains them or their absence. */
  show(rows: readonly TensorRow[], message?: string): void {
    this.rows = rows;
    this.treeView.message = message;
    this.changed.fire(undefined);
  }

  get currentRows(): readonly TensorRow[] {
    return this.rows;
  }

  getChildren(element?: TensorRow): TensorRow[] {
    return [...(element === undefined ? this.rows : element.children)];
  }

  getTreeItem(row: TensorRow): vscode.TreeItem {
    const collapsible =
      row.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : // Small modules open, big ones (hundreds of parameters) stay closed.
          row.children.length <= 12
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(row.label, collapsible);
    item.id = row.id;
    item.description = row.description;
    item.tooltip = new vscode.MarkdownString(row.tooltip);
    item.contextValue = row.contextValue;
    item.iconPath = row.highlight
      ? new vscode.ThemeIcon("warning", new vscode.ThemeColor("list.warningForeground"))
      : new vscode.ThemeIcon(ICONS[row.kind]);
    return item;
  }

  dispose(): void {
    this.treeView.dispose();
    this.changed.dispose();
  }
}
