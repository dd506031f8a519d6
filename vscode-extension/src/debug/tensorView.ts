/** The "TensorLens" tree in the Run and Debug sidebar. */
import * as vscode from "vscode";
import { pageRows, PageState, ROOT } from "./paging";
import { TensorRow } from "./tensorTree";

/** Runs when a "… N more" row is clicked. */
export const SHOW_MORE_COMMAND = "tensorlens.showMoreTensors";

const ICONS: Record<TensorRow["kind"], string> = {
  devices: "server-environment",
  tensor: "symbol-array",
  parameter: "symbol-field",
  buffer: "symbol-constant",
  module: "symbol-class",
  "numpy-group": "link",
  "numpy-share": "link",
  unlisted: "ellipsis",
  more: "ellipsis",
};

export class TensorView implements vscode.TreeDataProvider<TensorRow>, vscode.Disposable {
  private rows: readonly TensorRow[] = [];
  private readonly pages = new PageState();
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<TensorRow>;

  constructor() {
    this.treeView = vscode.window.createTreeView("tensorlens.tensors", { treeDataProvider: this, showCollapseAll: true });
  }

  /** Shows rows and, above them, a message that explains them or their absence. */
  show(rows: readonly TensorRow[], message?: string): void {
    this.rows = rows;
    this.pages.reset();
    this.treeView.message = message;
    this.changed.fire(undefined);
  }

  get currentRows(): readonly TensorRow[] {
    return this.rows;
  }

  /** The next page of the children the "more" row `row` stands for. */
  showMore(row: TensorRow): void {
    if (row.pageOf === undefined) return;
    this.pages.showMore(row.pageOf);
    // Ids are stable, so a full refresh keeps what the user expanded.
    this.changed.fire(undefined);
  }

  getChildren(element?: TensorRow): TensorRow[] {
    const parent = element === undefined ? ROOT : element.id;
    return pageRows(element === undefined ? this.rows : element.children, this.pages.shownOf(parent), parent);
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
    if (row.kind === "more") item.command = { command: SHOW_MORE_COMMAND, title: "Show more", arguments: [row] };
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
