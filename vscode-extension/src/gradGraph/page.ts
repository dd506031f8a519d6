/** The grad_fn webview's HTML: a toolbar, the legend, and the SVG in a stage that fills the panel. */
import { GradGraph } from "../contracts/gradGraph";
import { GraphView } from "./collapse";
import { GraphLayout } from "./layout";
import { escapeXml, renderGraphSvg } from "./svg";
import { VIEWPORT_SCRIPT } from "./viewport";

export interface PageInput {
  readonly cspSource: string;
  readonly nonce: string;
  readonly expression: string;
  /** The whole graph, as the helper returned it. */
  readonly graph: GradGraph;
  /** What is drawn (modules folded or not). */
  readonly view: GraphView;
  readonly layout: GraphLayout;
}

export function graphPage(input: PageInput): string {
  const { graph, view, layout, expression } = input;
  const leaves = graph.nodes.filter((n) => n.name === "AccumulateGrad").length;
  const why = graph.note.length > 0 ? graph.note : "it is a leaf or does not require grad";
  const folded =
    view.groups.size > 0
      ? ` · <span class="folded">${view.groups.size} modules folded: click one to open it</span>`
      : "";
  const body =
    graph.nodes.length === 0
      ? `<p class="empty"><code>${escapeXml(expression)}</code> has no grad_fn: ${escapeXml(why)}.</p>`
      : `<div id="stage">${renderGraphSvg(layout)}</div>`;
  const note = graph.nodes.length > 0 && graph.note.length > 0 ? `<p class="note">${escapeXml(graph.note)}</p>` : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${input.cspSource} 'unsafe-inline'; script-src 'nonce-${input.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>grad_fn: ${escapeXml(expression)}</title>
<style>
  html, body { height: 100%; margin: 0; }
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 8px 12px; box-sizing: border-box;
         display: flex; flex-direction: column; overflow: hidden; }
  header { flex: none; }
  h1 { font-size: 1.1em; font-weight: 600; margin: 0 0 4px; }
  .legend { color: var(--vscode-descriptionForeground); margin: 0 0 6px; }
  .legend span { margin-right: 14px; white-space: nowrap; }
  .toolbar { display: flex; gap: 4px; align-items: center; margin-bottom: 6px; }
  .toolbar button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground);
                    border: none; padding: 2px 10px; cursor: pointer; }
  .toolbar button:hover { background: var(--vscode-button-secondaryHoverBackground); }
  #zoom-level { color: var(--vscode-descriptionForeground); min-width: 4em; text-align: right; }
  #stage { flex: 1; min-height: 120px; overflow: hidden; cursor: grab; border: 1px solid var(--vscode-panel-border, transparent); }
  #stage svg { width: 100%; height: 100%; display: block; }
  .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
  svg text { font-family: var(--vscode-editor-font-family, monospace); font-size: 12px; fill: var(--vscode-foreground); }
  svg text.subtitle { fill: var(--vscode-descriptionForeground); }
  .node rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-charts-blue); stroke-width: 1.5; }
  .node.root rect, .swatch.root { fill: var(--vscode-editor-selectionBackground); stroke: var(--vscode-charts-purple); stroke-width: 2; }
  .node.leaf rect, .swatch.leaf { stroke: var(--vscode-charts-green); }
  .node.module rect { stroke: var(--vscode-charts-yellow); stroke-width: 2; }
  .node.module { cursor: pointer; }
  .node.shared rect, .swatch.shared { stroke: var(--vscode-charts-orange); stroke-dasharray: 4 2; }
  .swatch { border: 2px solid var(--vscode-charts-blue); }
  .swatch.root { border-color: var(--vscode-charts-purple); background: var(--vscode-editor-selectionBackground); }
  .swatch.leaf { border-color: var(--vscode-charts-green); }
  .swatch.shared { border-color: var(--vscode-charts-orange); border-style: dashed; }
  .edge { fill: none; stroke: var(--vscode-descriptionForeground); stroke-width: 1.2; }
  svg text.edge-count { fill: var(--vscode-charts-orange); font-weight: 600; }
  .note { color: var(--vscode-descriptionForeground); flex: none; }
  .arrow-head { fill: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<header>
<h1>Backward graph of <code>${escapeXml(expression)}</code></h1>
<p class="legend">${graph.nodes.length} nodes · ${leaves} leaves${folded} ·
  <span><i class="swatch root"></i>grad_fn of ${escapeXml(expression)}</span>
  <span><i class="swatch"></i>backward function</span>
  <span><i class="swatch leaf"></i>AccumulateGrad (leaf)</span>
  <span><i class="swatch shared"></i>reached twice</span></p>
${graph.nodes.length === 0 ? "" : `<div class="toolbar"><button id="zoom-out" title="Zoom out">−</button><button id="zoom-in" title="Zoom in">+</button><button id="fit" title="Scale the whole graph into the panel">Fit</button><span id="zoom-level"></span></div>`}
</header>
${body}
${note}
${graph.nodes.length === 0 ? "" : `<script nonce="${input.nonce}">${VIEWPORT_SCRIPT}</script>`}
</body>
</html>`;
}
