import * as assert from "assert";
import { GradGraph, parseGradGraph } from "../../src/contracts/gradGraph";
import { collapseByModule, COLLAPSE_ABOVE, modulesOf, opensCollapsed } from "../../src/gradGraph/collapse";
import { layoutGradGraph } from "../../src/gradGraph/layout";
import { graphPage } from "../../src/gradGraph/page";
import { renderGraphSvg } from "../../src/gradGraph/svg";
import { fixture } from "./fixtures";

/** Four stages of sixteen Linear+ReLU layers: 321 nodes, grouped by the runtime into model.0 .. model.3. */
function deepGraph(): GradGraph {
  const answer = parseGradGraph(fixture("grad-graph-deep.json"));
  if (!answer.ok) throw new Error(answer.error);
  return answer.graph;
}

function smallGraph(): GradGraph {
  const answer = parseGradGraph(fixture("grad-graph-mlp.json"));
  if (!answer.ok) throw new Error(answer.error);
  return answer.graph;
}

describe("grad_fn graph folded by module", () => {
  it("opens a graph past a few hundred nodes folded, a small one whole", () => {
    assert.ok(deepGraph().nodes.length > COLLAPSE_ABOVE);
    assert.strictEqual(opensCollapsed(deepGraph()), true);
    assert.strictEqual(opensCollapsed(smallGraph()), false);
  });

  it("draws one box per module, chained in backward order", () => {
    const view = collapseByModule(deepGraph(), new Set());
    assert.deepStrictEqual(
      view.graph.nodes.map((n) => n.name),
      ["model.3", "model.2", "model.1", "model.0"],
    );
    assert.deepStrictEqual(
      [...view.groups.values()].map((g) => [g.module, g.nodes, g.parameters]),
      [
        ["model.3", 81, 32],
        ["model.2", 80, 32],
        ["model.1", 80, 32],
        ["model.0", 80, 32],
      ],
    );
    const pairs = new Set(view.graph.edges.map((e) => `${e.from} -> ${e.to}`));
    assert.deepStrictEqual([...pairs], ["module:model.3 -> module:model.2", "module:model.2 -> module:model.1", "module:model.1 -> module:model.0"]);
    assert.strictEqual(view.graph.root, "module:model.3");
    const svg = renderGraphSvg(layoutGradGraph(view.graph, view.groups));
    assert.strictEqual((svg.match(/<g class="node module" data-id="module:model\.\d" data-module="model\.\d"/g) ?? []).length, 4);
    assert.match(svg, /81 nodes · 32 parameters · click to open/);
  });

  it("opens one module in place, its edges joined to the folded neighbours", () => {
    const whole = deepGraph();
    const view = collapseByModule(whole, new Set(["model.1"]));
    const inside = whole.nodes.filter((n) => n.module === "model.1").length;
    assert.strictEqual(view.graph.nodes.length, 3 + inside);
    assert.strictEqual(view.groups.size, 3);
    const ids = new Set(view.graph.nodes.map((n) => n.id));
    for (const e of view.graph.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `${e.from} -> ${e.to} joins drawn nodes`);
    assert.ok(view.graph.edges.some((e) => e.from === "module:model.2" && !e.to.startsWith("module:")));
    assert.ok(view.graph.edges.some((e) => !e.from.startsWith("module:") && e.to === "module:model.0"));
  });

  it("opens all modules into the whole graph", () => {
    const whole = deepGraph();
    const view = collapseByModule(whole, modulesOf(whole));
    assert.strictEqual(view.groups.size, 0);
    assert.deepStrictEqual(view.graph.nodes, whole.nodes);
    assert.deepStrictEqual(view.graph.edges, whole.edges);
  });

  it("puts the picture in a page whose only script is nonce'd", () => {
    const graph = deepGraph();
    const view = collapseByModule(graph, new Set());
    const html = graphPage({ cspSource: "vscode-resource:", nonce: "abc123", expression: "loss", graph, view, layout: layoutGradGraph(view.graph, view.groups) });
    assert.match(html, /script-src 'nonce-abc123'/);
    assert.strictEqual((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="abc123">/);
    assert.match(html, /4 modules folded: click one to open it/);
    assert.match(html, /id="fit"/);
  });
});
