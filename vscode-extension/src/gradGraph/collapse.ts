/**
 * A backward graph of hundreds of nodes, shown one box per module until the
 * user opens one. The grouping is the runtime's (tensorlens/runtime/grad_modules.py
 * names each node's module); this only folds the groups the user has not opened.
 */
import { GradEdge, GradGraph, GradNode } from "../contracts/gradGraph";

/** Above this many nodes a graph opens folded by module: dagre and the eye both give up near here. */
export const COLLAPSE_ABOVE = 300;

const GROUP_PREFIX = "module:";

export interface ModuleGroup {
  readonly module: string;
  readonly nodes: number;
  /** AccumulateGrad leaves in the module. */
  readonly parameters: number;
}

/** What is drawn: the graph with folded modules as single nodes, and those nodes' contents. */
export interface GraphView {
  readonly graph: GradGraph;
  /** View node id -> the module it stands for; only folded modules are here. */
  readonly groups: ReadonlyMap<string, ModuleGroup>;
}

/** Whether `graph` opens folded: big, and the runtime named the modules of its nodes. */
export function opensCollapsed(graph: GradGraph): boolean {
  return graph.nodes.length > COLLAPSE_ABOVE && graph.nodes.some((n) => n.module !== null);
}

/**
 * `graph` with every module not in `expanded` folded into one node; nodes
 * without a module stay as they are. Edges between folded modules are kept once
 * per next_functions entry (the layout draws repeats as one edge with a count).
 */
export function collapseByModule(graph: GradGraph, expanded: ReadonlySet<string>): GraphView {
  const viewId = (n: GradNode) => (n.module === null || expanded.has(n.module) ? n.id : GROUP_PREFIX + n.module);
  const members = new Map<string, GradNode[]>();
  const idOf = new Map<string, string>();
  for (const n of graph.nodes) {
    const id = viewId(n);
    idOf.set(n.id, id);
    members.set(id, [...(members.get(id) ?? []), n]);
  }
  const groups = new Map<string, ModuleGroup>();
  const nodes: GradNode[] = [];
  for (const [id, inside] of members) {
    const first = inside[0];
    if (id === first.id) {
      nodes.push(first);
      continue;
    }
    const module = first.module ?? "";
    groups.set(id, { module, nodes: inside.length, parameters: inside.filter((n) => n.name === "AccumulateGrad").length });
    nodes.push({
      id,
      name: module,
      leaf: null,
      leafName: null,
      shared: false,
      truncated: inside.some((n) => n.truncated),
      module,
    });
  }
  const edges: GradEdge[] = [];
  for (const e of graph.edges) {
    const from = idOf.get(e.from) ?? e.from;
    const to = idOf.get(e.to) ?? e.to;
    if (from !== to) edges.push({ from, to });
  }
  const root = graph.root === null ? null : (idOf.get(graph.root) ?? graph.root);
  return { graph: { root, nodes, edges, note: graph.note }, groups };
}

/** Every module of the graph, for "Expand all". */
export function modulesOf(graph: GradGraph): Set<string> {
  return new Set(graph.nodes.map((n) => n.module).filter((m): m is string => m !== null));
}
