/**
 * Lays out a backward graph with dagre (layered, top to bottom: the tensor's
 * grad_fn at the top, the AccumulateGrad leaves at the bottom). The webview only
 * draws what this computes, so the layout is testable without a browser.
 */
import * as dagre from "@dagrejs/dagre";
import type { EdgeLabel, GraphLabel, NodeLabel } from "@dagrejs/dagre";
import { GradGraph, GradNode } from "../contracts/gradGraph";
import { ModuleGroup } from "./collapse";
import { Point, routeEdges } from "./routing";

export type { Point } from "./routing";

/** Monospace text metrics the webview's CSS uses (font-size 12px). */
export const CHAR_WIDTH = 7.3;
export const LINE_HEIGHT = 16;
const PADDING_X = 12;
const PADDING_Y = 8;
const MAX_SUBTITLE_CHARS = 52;

export interface NodeBox {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string | null;
  /** "module": a folded module, drawn as one box that opens on click. */
  readonly role: "root" | "leaf" | "function" | "module";
  /** For a folded module: its name, which the webview sends back to open it. */
  readonly module: string | null;
  readonly shared: boolean;
  readonly width: number;
  readonly height: number;
}

export interface PlacedNode extends NodeBox {
  /** Centre of the box, as dagre reports it. */
  readonly x: number;
  readonly y: number;
}

export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  /** How many next_functions entries link the two (`y * y` feeds AddBackward0 twice). */
  readonly count: number;
  readonly points: readonly Point[];
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

/** The boxes dagre is asked to place: sizes follow the text they hold. */
export function nodeBoxes(graph: GradGraph, groups: ReadonlyMap<string, ModuleGroup> = new Map()): NodeBox[] {
  return graph.nodes.map((n) => box(n, graph.root, groups.get(n.id)));
}

function box(n: GradNode, root: string | null, group: ModuleGroup | undefined): NodeBox {
  const subtitle = group === undefined ? leafText(n) : groupText(group);
  const longest = Math.max(n.name.length, subtitle?.length ?? 0);
  const role = group !== undefined ? "module" : n.id === root ? "root" : n.name === "AccumulateGrad" ? "leaf" : "function";
  return {
    id: n.id,
    title: n.name,
    subtitle,
    role,
    module: group?.module ?? null,
    shared: n.shared,
    width: Math.ceil(longest * CHAR_WIDTH + 2 * PADDING_X),
    height: (subtitle === null ? 1 : 2) * LINE_HEIGHT + 2 * PADDING_Y,
  };
}

/** What an AccumulateGrad node feeds: `x · tensor[2, 2] f32 cpu requires_grad leaf`. */
function leafText(n: GradNode): string | null {
  const parts = [n.leafName, n.leaf].filter((p): p is string => p !== null && p.length > 0);
  if (n.truncated) parts.push("… (not expanded)");
  return parts.length === 0 ? null : ellipsize(parts.join(" · "), MAX_SUBTITLE_CHARS);
}

/** `41 nodes · 4 parameters · click to open`. */
function groupText(group: ModuleGroup): string {
  const params = group.parameters === 1 ? "1 parameter" : `${group.parameters} parameters`;
  return `${group.nodes} nodes · ${params} · click to open`;
}

function ellipsize(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One drawn edge per linked pair; repeats become a count, not overlapping lines. */
export function edgeCounts(graph: GradGraph): { from: string; to: string; count: number }[] {
  const byPair = new Map<string, { from: string; to: string; count: number }>();
  for (const e of graph.edges) {
    const key = JSON.stringify([e.from, e.to]);
    const seen = byPair.get(key);
    if (seen === undefined) byPair.set(key, { from: e.from, to: e.to, count: 1 });
    else seen.count++;
  }
  return [...byPair.values()];
}

/** Places `graph`'s nodes; `groups` names the nodes that stand for folded modules (see collapse.ts). */
export function layoutGradGraph(graph: GradGraph, groups: ReadonlyMap<string, ModuleGroup> = new Map()): GraphLayout {
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({ rankdir: "TB", nodesep: 24, ranksep: 36, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const boxes = nodeBoxes(graph, groups);
  for (const b of boxes) g.setNode(b.id, { width: b.width, height: b.height });
  const links = edgeCounts(graph);
  for (const link of links) g.setEdge(link.from, link.to);
  dagre.layout(g);

  const nodes = boxes.map((b) => {
    const placed = g.node(b.id);
    return { ...b, x: placed.x ?? 0, y: placed.y ?? 0 };
  });
  // Dagre's own first and last points sit anywhere on the boxes' borders; only its dummy points are kept.
  const dummies = links.map((link) => (g.edge(link.from, link.to).points ?? []).slice(1, -1).map((p) => ({ x: p.x, y: p.y })));
  const routes = routeEdges(nodes, links, dummies);
  const edges = links.map((link, i) => ({ ...link, points: routes[i] }));
  const size = g.graph();
  return { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes, edges };
}
