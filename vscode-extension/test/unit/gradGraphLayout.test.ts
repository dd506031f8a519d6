import * as assert from "assert";
import { GradGraph, parseGradGraph } from "../../src/contracts/gradGraph";
import { edgeCounts, layoutGradGraph, nodeBoxes } from "../../src/gradGraph/layout";
import { escapeXml, renderGraphSvg } from "../../src/gradGraph/svg";
import { fixture } from "./fixtures";

function tutorialGraph(): GradGraph {
  const answer = parseGradGraph(fixture("grad-graph.json"));
  if (!answer.ok) throw new Error(answer.error);
  return answer.graph;
}

describe("grad_fn graph layout", () => {
  it("asks dagre for one box per node, sized by its text", () => {
    const boxes = nodeBoxes(tutorialGraph());
    assert.deepStrictEqual(
      boxes.map((b) => [b.title, b.role]),
      [
        ["MeanBackward0", "root"],
        ["MulBackward0", "function"],
        ["MulBackward0", "function"],
        ["AddBackward0", "function"],
        ["AccumulateGrad", "leaf"],
      ],
    );
    const leaf = boxes[4];
    assert.match(leaf.subtitle ?? "", /^x · tensor\[2, 2\]/);
    assert.ok(leaf.height > boxes[0].height, "a leaf box has a second line");
    assert.ok(leaf.width > boxes[0].width, "a leaf box is as wide as its summary");
    assert.strictEqual(boxes[3].shared, true);
  });

  it("draws a repeated next_functions entry once, with a count", () => {
    assert.deepStrictEqual(edgeCounts(tutorialGraph()), [
      { from: "n0", to: "n1", count: 1 },
      { from: "n1", to: "n2", count: 1 },
      { from: "n2", to: "n3", count: 2 },
      { from: "n3", to: "n4", count: 1 },
    ]);
  });

  it("places the root on top and each backward step below its consumer", () => {
    const layout = layoutGradGraph(tutorialGraph());
    const y = new Map(layout.nodes.map((n) => [n.id, n.y]));
    for (const e of layout.edges) {
      assert.ok((y.get(e.from) ?? 0) < (y.get(e.to) ?? 0), `${e.from} above ${e.to}`);
      assert.ok(e.points.length >= 2, "every edge has a route");
    }
    for (const n of layout.nodes) {
      assert.ok(n.x - n.width / 2 >= 0 && n.x + n.width / 2 <= layout.width, `${n.id} inside the picture`);
      assert.ok(n.y - n.height / 2 >= 0 && n.y + n.height / 2 <= layout.height, `${n.id} inside the picture`);
    }
  });

  it("keeps boxes from overlapping in a branching graph", () => {
    const graph: GradGraph = {
      root: "a",
      note: "",
      nodes: ["a", "b", "c", "d"].map((id) => ({ id, name: `Op${id}Backward0`, leaf: null, leafName: null, shared: false, truncated: false, module: null })),
      edges: [
        { from: "a", to: "b" },
        { from: "a", to: "c" },
        { from: "b", to: "d" },
        { from: "c", to: "d" },
      ],
    };
    const { nodes } = layoutGradGraph(graph);
    for (const p of nodes) {
      for (const q of nodes) {
        if (p.id >= q.id) continue;
        const apart = Math.abs(p.x - q.x) >= (p.width + q.width) / 2 || Math.abs(p.y - q.y) >= (p.height + q.height) / 2;
        assert.ok(apart, `${p.id} and ${q.id} overlap`);
      }
    }
  });

  it("renders one SVG group per node and one path per linked pair", () => {
    const svg = renderGraphSvg(layoutGradGraph(tutorialGraph()));
    assert.strictEqual((svg.match(/<g class="node /g) ?? []).length, 5);
    assert.strictEqual((svg.match(/<path class="edge"/g) ?? []).length, 4);
    assert.match(svg, />×2</);
    assert.match(svg, /class="node root" data-id="n0"/);
    assert.match(svg, /class="node function shared" data-id="n3"/);
  });

  it("escapes text that reaches the SVG", () => {
    assert.strictEqual(escapeXml(`<a & "b">`), "&#60;a &#38; &#34;b&#34;&#62;");
  });
});
