import * as assert from "assert";
import { GradGraph, parseGradGraph } from "../../src/contracts/gradGraph";
import { collapseByModule } from "../../src/gradGraph/collapse";
import { GraphLayout, layoutGradGraph, PlacedNode, Point } from "../../src/gradGraph/layout";
import { fixture } from "./fixtures";

function graphOf(name: string): GradGraph {
  const answer = parseGradGraph(fixture(name));
  if (!answer.ok) throw new Error(answer.error);
  return answer.graph;
}

/** Whether segment a-b enters the box's interior (its border, shrunk by 1px, may be touched). */
function crossesBox(a: Point, b: Point, n: PlacedNode): boolean {
  const left = n.x - n.width / 2 + 1;
  const right = n.x + n.width / 2 - 1;
  const top = n.y - n.height / 2 + 1;
  const bottom = n.y + n.height / 2 - 1;
  // Liang-Barsky clipping: a non-empty parameter interval means the segment is inside somewhere.
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const sides: [number, number][] = [
    [-dx, a.x - left],
    [dx, right - a.x],
    [-dy, a.y - top],
    [dy, bottom - a.y],
  ];
  for (const [p, q] of sides) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
  }
  return t0 < t1;
}

function edgesThroughNodes(layout: GraphLayout): string[] {
  const found: string[] = [];
  for (const e of layout.edges) {
    for (let i = 1; i < e.points.length; i++) {
      for (const n of layout.nodes) {
        if (n.id === e.from || n.id === e.to) continue;
        if (crossesBox(e.points[i - 1], e.points[i], n)) found.push(`${e.from}->${e.to} through ${n.id} (${n.title})`);
      }
    }
  }
  return found;
}

describe("grad_fn graph edge routing", () => {
  for (const [shape, file] of [
    ["a 2-layer MLP's loss", "grad-graph-mlp.json"],
    ["a ResNet-like block with a skip connection", "grad-graph-resblock.json"],
    ["the tutorial's (x + 1) * (x + 1)", "grad-graph.json"],
  ]) {
    it(`routes no edge through a node box: ${shape}`, () => {
      const layout = layoutGradGraph(graphOf(file));
      assert.deepStrictEqual(edgesThroughNodes(layout), []);
    });
  }

  it("routes no edge through a node box: a deep model with one module opened among folded ones", () => {
    const view = collapseByModule(graphOf("grad-graph-deep.json"), new Set(["model.2"]));
    assert.deepStrictEqual(edgesThroughNodes(layoutGradGraph(view.graph, view.groups)), []);
  });

  it("starts and ends every edge on its nodes' borders", () => {
    const layout = layoutGradGraph(graphOf("grad-graph-resblock.json"));
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const e of layout.edges) {
      const from = byId.get(e.from);
      const to = byId.get(e.to);
      assert.ok(from !== undefined && to !== undefined);
      const first = e.points[0];
      const last = e.points[e.points.length - 1];
      assert.ok(Math.abs(first.y - (from.y + from.height / 2)) < 1.5, `${e.from}->${e.to} leaves ${e.from}'s bottom`);
      assert.ok(Math.abs(last.y - (to.y - to.height / 2)) < 1.5, `${e.from}->${e.to} arrives at ${e.to}'s top`);
    }
  });
});
