import * as assert from "assert";
import { parseGradGraph } from "../../src/contracts/gradGraph";
import { fixture } from "./fixtures";

describe("parseGradGraph", () => {
  it("reads the tutorial graph out = (y * y * 2).mean(), y = x + 1", () => {
    const answer = parseGradGraph(fixture("grad-graph.json"));
    assert.ok(answer.ok);
    const { graph } = answer;
    assert.strictEqual(graph.root, "n0");
    assert.deepStrictEqual(
      graph.nodes.map((n) => n.name),
      ["MeanBackward0", "MulBackward0", "MulBackward0", "AddBackward0", "AccumulateGrad"],
    );
    const leaf = graph.nodes.find((n) => n.name === "AccumulateGrad");
    assert.ok(leaf);
    assert.strictEqual(leaf.leafName, "x");
    assert.match(leaf.leaf ?? "", /tensor\[2, 2\]/);
    assert.strictEqual(graph.nodes.find((n) => n.name === "AddBackward0")?.shared, true);
    // y * y: two next_functions entries point at the same AddBackward0.
    assert.strictEqual(graph.edges.filter((e) => e.from === "n2" && e.to === "n3").length, 2);
  });

  it("reads a tensor without grad_fn: no root, a note", () => {
    const answer = parseGradGraph('{"version":1,"root":null,"nodes":[],"edges":[],"note":"leaf tensor (no grad_fn)"}');
    assert.deepStrictEqual(answer, { ok: true, graph: { root: null, nodes: [], edges: [], note: "leaf tensor (no grad_fn)" } });
  });

  it("rejects an edge to a node that is not listed", () => {
    const text = JSON.stringify({
      version: 1,
      root: "n0",
      nodes: [{ id: "n0", name: "MeanBackward0", leaf: null, shared: false }],
      edges: [{ from: "n0", to: "n9" }],
    });
    assert.throws(() => parseGradGraph(text), /n0 -> n9/);
  });

  it("passes the helper's error on", () => {
    assert.deepStrictEqual(parseGradGraph('{"error": "TypeError: not a tensor"}'), {
      ok: false,
      error: "TypeError: not a tensor",
    });
  });
});
