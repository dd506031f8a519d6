/** A grad_fn graph of hundreds of nodes (issue 21): opens folded by module, fitted; a click opens a module. */
import * as assert from "assert";
import * as vscode from "vscode";
import { debugUntilBreakpoint, endSession } from "./c-debugger.test";
import { ask } from "./bridge";
import { extensionApi, python, waitFor } from "./waits";

describe("a big grad_fn graph", () => {
  it("opens folded by module and fitted, and a module opens on click", async () => {
    const api = await extensionApi();
    const session = await debugUntilBreakpoint("deep_model.py", python());
    try {
      const snapshot = await waitFor("the frame with the loss", () => {
        const current = api.tensors.current;
        return current?.session.id === session.id ? current : undefined;
      });
      const lossRow = snapshot.rows.find((r) => r.label === "loss");
      assert.ok(lossRow, snapshot.rows.map((r) => r.label).join(", "));
      await vscode.commands.executeCommand("tensorlens.showGradGraph", lossRow);
      const folded = await waitFor("the graph of loss", () =>
        api.gradGraph.current?.expression === "loss" ? api.gradGraph.current : undefined,
      );
      assert.strictEqual(folded.graph.nodes.length, 321);
      assert.deepStrictEqual([...folded.view.groups.values()].map((g) => g.module), ["model.3", "model.2", "model.1", "model.0"]);
      const shown = await waitFor("four module boxes in the webview", async () => {
        const { graph } = await ask({ action: "gradGraphWebview" });
        return graph !== null && graph.nodeTitles.length === 4 ? graph : undefined;
      });
      assert.deepStrictEqual([...shown.nodeTitles].sort(), ["model.0", "model.1", "model.2", "model.3"]);
      await waitFor("the webview to report the graph fitted", () => (api.gradGraph.viewport?.wholeGraphVisible ? true : undefined));

      const { clicked } = await ask({ action: "clickGraphModule", module: "model.1" });
      assert.ok(clicked, "the model.1 box was clicked");
      const opened = await waitFor("model.1 opened", () =>
        api.gradGraph.current !== folded && api.gradGraph.current?.view.groups.size === 3 ? api.gradGraph.current : undefined,
      );
      const inside = opened.graph.nodes.filter((n) => n.module === "model.1").length;
      await waitFor("model.1's nodes in the webview", async () => {
        const { graph } = await ask({ action: "gradGraphWebview" });
        return graph !== null && graph.nodeTitles.length === 3 + inside;
      });
      await ask({ action: "screenshot", name: "grad-graph-by-module" });
    } finally {
      await endSession(session);
    }
  });
});
