/**
 * What `tensorlens.runtime.editor_view.grad_graph_json(t)` returns: the
 * backward graph from `t.grad_fn` through `next_functions` down to the
 * `AccumulateGrad` leaves, as nodes and edges.
 */
import {
  arrayField,
  asObject,
  booleanField,
  helperError,
  JsonObject,
  optionalStringField,
  parseJson,
  stringField,
} from "./json";

export interface GradNode {
  readonly id: string;
  /** The autograd function's class, e.g. `MulBackward0` or `AccumulateGrad`. */
  readonly name: string;
  /** For `AccumulateGrad`: a one-line summary of the leaf tensor it feeds. */
  readonly leaf: string | null;
  /** For `AccumulateGrad`: the leaf's name in the frame (`x`, `model.fc.weight`). */
  readonly leafName: string | null;
  /** Reached along more than one path (a tensor used twice, like `y * y`). */
  readonly shared: boolean;
  /** The helper's depth or size limit stopped here: children not walked. */
  readonly truncated: boolean;
  /** The module that owns the node (`model.layer1`), as the runtime groups them; null without names. */
  readonly module: string | null;
}

export interface GradEdge {
  readonly from: string;
  readonly to: string;
}

export interface GradGraph {
  /** null when the tensor has no grad_fn (a leaf, or no grad required). */
  readonly root: string | null;
  readonly nodes: readonly GradNode[];
  readonly edges: readonly GradEdge[];
  /** Why there is no graph, or what was cut. */
  readonly note: string;
}

export type GradGraphAnswer =
  | { readonly ok: true; readonly graph: GradGraph }
  | { readonly ok: false; readonly error: string };

export function parseGradGraph(text: string): GradGraphAnswer {
  const where = "grad_graph_json";
  const o = asObject(parseJson(text, where), where);
  const error = helperError(o);
  if (error !== null) return { ok: false, error };
  const nodes = arrayField(o, "nodes", where, readNode);
  const ids = new Set(nodes.map((n) => n.id));
  const edges = arrayField(o, "edges", where, (e, at) => ({
    from: stringField(e, "from", at),
    to: stringField(e, "to", at),
  }));
  const dangling = edges.find((e) => !ids.has(e.from) || !ids.has(e.to));
  if (dangling) {
    throw new Error(`${where}: edge ${dangling.from} -> ${dangling.to} names a node that is not listed`);
  }
  const root = optionalStringField(o, "root", where);
  if (root !== null && !ids.has(root)) throw new Error(`${where}: root ${root} is not a node`);
  const note = optionalStringField(o, "note", where) ?? "";
  return { ok: true, graph: { root, nodes, edges, note } };
}

function readNode(o: JsonObject, where: string): GradNode {
  return {
    id: stringField(o, "id", where),
    name: stringField(o, "name", where),
    leaf: optionalStringField(o, "leaf", where),
    leafName: optionalStringField(o, "leaf_name", where),
    shared: booleanField(o, "shared", where, false),
    truncated: booleanField(o, "truncated", where, false),
    module: optionalStringField(o, "module", where),
  };
}
