/**
 * The "grad_fn graph" webview: one panel, reused, showing the backward graph
 * of the tensor last asked for as a static SVG.
 */
import * as vscode from "vscode";
import { GradGraph } from "../contracts/gradGraph";
import { GraphLayout, layoutGradGraph } from "./layout";
import { escapeXml, renderGraphSvg } from "./svg";

export interface RenderedGraph {
  readonly expression: string;
  readonly graph: GradGraph;
  readonly layout: GraphLayout;
}

export class GradGraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private last: RenderedGraph | undefined;
  private readonly rendered = new vscode.EventEmitter<RenderedGraph>();
  readonly onDidRender = this.rendered.event;

  get current(): RenderedGraph | undefined {
    return this.last;
  }

  show(expression: string, graph: GradGraph): RenderedGraph {
    const layout = layoutGradGraph(graph);
    const panel = this.ensurePanel();
    panel.title = `grad_fn: ${expression}`;
    panel.webview.html = page(panel.webview, expression, graph, layout);
    panel.reveal(vscode.ViewColumn.Beside, true);
    this.last = { expression, graph, layout };
    this.rendered.fire(this.last);
    return this.last;
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel !== undefined) return this.panel;
    // No scripts: the picture is complete SVG, laid out in the extension host.
    const panel = vscode.window.createWebviewPanel(
      "tensorlens.gradGraph",
      "grad_fn graph",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: false, retainContextWhenHidden: false, localResourceRoots: [] },
    );
    panel.onDidDispose(() => (this.panel = undefined));
    this.panel = panel;
    return panel;
  }

  dispose(): void {
    this.panel?.dispose();
    this.rendered.dispose();
  }
}

function page(webview: vscode.Webview, expression: string, graph: GradGraph, layout: GraphLayout): string {
  const leaves = graph.nodes.filter((n) => n.name === "AccumulateGrad").length;
  const why = graph.note.length > 0 ? graph.note : "it is a leaf or does not require grad";
  const body =
    graph.nodes.length === 0
      ? `<p class="empty"><code>${escapeXml(expression)}</code> has no grad_fn: ${escapeXml(why)}.</p>`
      : renderGraphSvg(layout) + (graph.note.length > 0 ? `<p class="note">${escapeXml(graph.note)}</p>` : "");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'unsafe-inline';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>grad_fn: ${escapeXml(expression)}</title>
<style>
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 12px; }
  h1 { font-size: 1.1em; font-weight: 600; margin: 0 0 4px; }
  .legend { color: var(--vscode-descriptionForeground); margin: 0 0 12px; }
  .legend span { margin-right: 14px; white-space: nowrap; }
  .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
  svg text { font-family: var(--vscode-editor-font-family, monospace); font-size: 12px; fill: var(--vscode-foreground); }
  svg text.subtitle { fill: var(--vscode-descriptionForeground); }
  .node rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-charts-blue); stroke-width: 1.5; }
  .node.root rect, .swatch.root { fill: var(--vscode-editor-selectionBackground); stroke: var(--vscode-charts-purple); stroke-width: 2; }
  .node.leaf rect, .swatch.leaf { stroke: var(--vscode-charts-green); }
  .node.shared rect, .swatch.shared { stroke: var(--vscode-charts-orange); stroke-dasharray: 4 2; }
  .swatch { border: 2px solid var(--vscode-charts-blue); }
  .swatch.root { border-color: var(--vscode-charts-purple); background: var(--vscode-editor-selectionBackground); }
  .swatch.leaf { border-color: var(--vscode-charts-green); }
  .swatch.shared { border-color: var(--vscode-charts-orange); border-style: dashed; }
  .edge { fill: none; stroke: var(--vscode-descriptionForeground); stroke-width: 1.2; }
  svg text.edge-count { fill: var(--vscode-charts-orange); font-weight: 600; }
  .note { color: var(--vscode-descriptionForeground); }
  .arrow-head { fill: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<h1>Backward graph of <code>${escapeXml(expression)}</code></h1>
<p class="legend">${graph.nodes.length} nodes · ${leaves} leaves ·
  <span><i class="swatch root"></i>grad_fn of ${escapeXml(expression)}</span>
  <span><i class="swatch"></i>backward function</span>
  <span><i class="swatch leaf"></i>AccumulateGrad (leaf)</span>
  <span><i class="swatch shared"></i>reached twice</span></p>
${body}
</body>
</html>`;
}
