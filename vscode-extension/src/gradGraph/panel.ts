/**
 * The "grad_fn graph" webview: one panel, reused, showing the backward graph
 * of the tensor last asked for. Layout happens here in the extension host
 * (testable without a browser); the webview's script only zooms, pans, fits,
 * and asks to open a folded module, which is laid out again here.
 */
import { randomBytes } from "crypto";
import * as vscode from "vscode";
import { GradGraph } from "../contracts/gradGraph";
import { collapseByModule, GraphView, opensCollapsed } from "./collapse";
import { GraphLayout, layoutGradGraph } from "./layout";
import { graphPage } from "./page";

export interface RenderedGraph {
  readonly expression: string;
  readonly graph: GradGraph;
  /** What is drawn: folded modules as single nodes. */
  readonly view: GraphView;
  readonly layout: GraphLayout;
}

/** What the webview last reported of its zoom. */
export interface ViewportReport {
  readonly scale: number;
  readonly wholeGraphVisible: boolean;
}

export class GradGraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private last: RenderedGraph | undefined;
  /** Modules the user opened; null: the graph is small and nothing is folded. */
  private opened: Set<string> | null = null;
  private viewport: ViewportReport | undefined;
  private readonly rendered = new vscode.EventEmitter<RenderedGraph>();
  private readonly viewportChanged = new vscode.EventEmitter<ViewportReport>();
  readonly onDidRender = this.rendered.event;
  readonly onDidReportViewport = this.viewportChanged.event;

  get current(): RenderedGraph | undefined {
    return this.last;
  }

  get currentViewport(): ViewportReport | undefined {
    return this.viewport;
  }

  show(expression: string, graph: GradGraph): RenderedGraph {
    this.opened = opensCollapsed(graph) ? new Set() : null;
    const shown = this.draw(expression, graph);
    this.panel?.reveal(vscode.ViewColumn.Beside, true);
    return shown;
  }

  /** Opens a folded module of the graph on screen (the webview's click). */
  openModule(module: string): RenderedGraph | undefined {
    if (this.last === undefined || this.opened === null) return undefined;
    this.opened.add(module);
    return this.draw(this.last.expression, this.last.graph);
  }

  private draw(expression: string, graph: GradGraph): RenderedGraph {
    const view: GraphView = this.opened === null ? { graph, groups: new Map() } : collapseByModule(graph, this.opened);
    const layout = layoutGradGraph(view.graph, view.groups);
    const panel = this.ensurePanel();
    panel.title = `grad_fn: ${expression}`;
    this.viewport = undefined;
    panel.webview.html = graphPage({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString("base64"),
      expression,
      graph,
      view,
      layout,
    });
    this.last = { expression, graph, view, layout };
    this.rendered.fire(this.last);
    return this.last;
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel !== undefined) return this.panel;
    // The script only moves the picture; it loads nothing (no local resources, a nonce CSP).
    const panel = vscode.window.createWebviewPanel(
      "tensorlens.gradGraph",
      "grad_fn graph",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [] },
    );
    panel.webview.onDidReceiveMessage((message: unknown) => {
      this.receive(message);
    });
    panel.onDidDispose(() => (this.panel = undefined));
    this.panel = panel;
    return panel;
  }

  private receive(message: unknown): void {
    if (typeof message !== "object" || message === null) return;
    const m = message as { type?: unknown; module?: unknown; scale?: unknown; wholeGraphVisible?: unknown };
    if (m.type === "open" && typeof m.module === "string") this.openModule(m.module);
    if (m.type === "view" && typeof m.scale === "number" && typeof m.wholeGraphVisible === "boolean") {
      this.viewport = { scale: m.scale, wholeGraphVisible: m.wholeGraphVisible };
      this.viewportChanged.fire(this.viewport);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.rendered.dispose();
    this.viewportChanged.dispose();
  }
}
