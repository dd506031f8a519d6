/**
 * (c) A debugpy session stops at a breakpoint and the TensorLens view lists the
 * frame's tensors; (d) "Show grad_fn graph" on `out` draws its backward graph.
 */
import * as assert from "assert";
import * as vscode from "vscode";
import type { FrameSnapshot } from "../../../src/debug/frameWatcher";
import { ask } from "./bridge";
import { extensionApi, lineOf, python, waitFor, workspaceFile } from "./waits";

/**
 * The "debugpy" type comes from test/e2e/debugpy-shim, loaded beside TensorLens:
 * it stands in for the marketplace's Python Debugger extension and launches
 * `python -m debugpy.adapter` as a DebugAdapterExecutable.
 */
export async function debugUntilBreakpoint(file: string, interpreter: string): Promise<vscode.DebugSession> {
  const uri = workspaceFile(file);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(lineOf(document, "# BREAKPOINT"), 0)));
  vscode.debug.addBreakpoints([breakpoint]);
  const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
    type: "debugpy",
    request: "launch",
    name: `TensorLens e2e: ${file}`,
    program: uri.fsPath,
    python: interpreter,
    console: "internalConsole",
    justMyCode: true,
  });
  assert.ok(started, "startDebugging accepted the launch configuration");
  return waitFor("an active debug session", () => vscode.debug.activeDebugSession);
}

export async function endSession(session: vscode.DebugSession): Promise<void> {
  const ended = new Promise<void>((resolve) => {
    const sub = vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.id === session.id) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.debug.stopDebugging(session);
  await ended;
  vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
}

/**
 * A list renders only the rows that fit: hiding the other debug views and
 * widening the sidebar lets every row of the sample frame be drawn.
 */
async function makeRoomForTensorLens(): Promise<void> {
  const others = ["variablesView", "watchExpressionsView", "callStackView", "breakPointsView"];
  for (const view of others) await vscode.commands.executeCommand(`workbench.debug.${view}.removeView`);
  await vscode.commands.executeCommand("tensorlens.tensors.focus");
  const { width } = await ask({ action: "widenSidebar", pixels: 260 });
  assert.ok(width > 400, `the sidebar is ${width}px wide`);
}

describe("debugger view", () => {
  let session: vscode.DebugSession | undefined;
  let snapshot: FrameSnapshot;

  before(async () => {
    const api = await extensionApi();
    const started = await debugUntilBreakpoint("debug_frame.py", python());
    session = started;
    snapshot = await waitFor("the TensorLens view to show the stopped frame", () => {
      const current = api.tensors.current;
      return current !== undefined && current.report !== null && current.session.id === started.id ? current : undefined;
    });
  });

  after(async () => {
    if (session !== undefined) await endSession(session);
  });

  it("lists the frame's tensors with their shapes and devices (view data)", () => {
    const report = snapshot.report;
    assert.ok(report, snapshot.message);
    const facts = new Map(report.tensors.map((t) => [t.name, t]));
    const expect = (name: string, shape: number[], device: string) => {
      const t = facts.get(name);
      assert.ok(t, `${name} among ${[...facts.keys()].join(", ")}`);
      assert.deepStrictEqual([t.shape, t.device], [shape, device], name);
    };
    expect("x", [2, 2], "cpu");
    expect("y", [2, 2], "cpu");
    expect("out", [], "cpu");
    expect("batch", [8, 4], "cpu");
    expect("logits", [8, 3], "cpu");
    expect("scratch", [16, 4], "meta");
    expect("model.fc.weight", [3, 4], "cpu");
    assert.strictEqual(facts.get("x")?.requiresGrad, true);
    assert.strictEqual(facts.get("out")?.gradFn, "MeanBackward0");
    assert.strictEqual(facts.get("model.fc.weight")?.module, "model");
    assert.strictEqual(report.deviceMixture, true);
    assert.deepStrictEqual(report.numpyShares, [{ tensor: "t", array: "a" }]);

    const rows = new Map(snapshot.rows.map((r) => [r.id, r]));
    assert.strictEqual(rows.get("devices")?.label, "Devices mixed");
    assert.strictEqual(rows.get("tensor:scratch")?.highlight, true);
    assert.deepStrictEqual(
      rows.get("module:model")?.children.map((c) => c.label),
      ["fc.weight", "fc.bias"],
    );
  });

  it("renders those rows in the Run and Debug sidebar (playwright)", async () => {
    await makeRoomForTensorLens();
    const expected = [
      "Devices mixed cpu, meta",
      "x [2, 2] float32 cpu · requires_grad · leaf",
      "out [] float32 cpu · grad_fn=MeanBackward0",
      "scratch [16, 4] float32 meta",
      "fc.weight [3, 4] float32 cpu · requires_grad · leaf",
    ];
    const rows = await waitFor("the TensorLens rows in the workbench", async () => {
      const { rows: shown } = await ask({ action: "viewRows", view: "TensorLens" });
      const texts = shown.map((r) => r.text);
      return expected.every((e) => texts.includes(e)) ? texts : undefined;
    });
    assert.ok(rows.some((r) => r.startsWith("model Net · 15 params · cpu")), rows.join(" | "));
    await ask({ action: "screenshot", name: "debug-tensors" });
  });

  it("draws the grad_fn graph of out from the row's inline action", async () => {
    const api = await extensionApi();
    const { clicked } = await ask({
      action: "clickRowAction",
      view: "TensorLens",
      row: "out",
      actionLabel: "Show grad_fn graph",
    });
    assert.ok(clicked, "the out row and its inline action were found");
    const rendered = await waitFor("the grad_fn graph of out", () =>
      api.gradGraph.current?.expression === "out" ? api.gradGraph.current : undefined,
    );
    const names = rendered.graph.nodes.map((n) => n.name).sort();
    assert.deepStrictEqual(names, ["AccumulateGrad", "AddBackward0", "MeanBackward0", "MulBackward0", "MulBackward0"]);
    assert.strictEqual(rendered.graph.nodes.find((n) => n.name === "AccumulateGrad")?.leafName, "x");
    assert.strictEqual(rendered.layout.nodes.length, 5);

    const shown = await waitFor("the graph's nodes in the webview", async () => {
      const { graph } = await ask({ action: "gradGraphWebview" });
      return graph !== null && graph.nodeTitles.length > 0 ? graph : undefined;
    });
    assert.deepStrictEqual([...shown.nodeTitles].sort(), names);
    assert.strictEqual(shown.edgeCount, 4);
    await ask({ action: "screenshot", name: "grad-graph" });
  });
});
