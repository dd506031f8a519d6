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
 * widening the sidebar lets every row of the sample frame be drawn (and the
 * screenshot show the view, the editor and the graph without the panel).
 */
async function makeRoomForTensorLens(): Promise<void> {
  const others = ["variablesView", "watchExpressionsView", "callStackView", "breakPointsView"];
  for (const view of others) await vscode.commands.executeCommand(`workbench.debug.${view}.removeView`);
  await vscode.commands.executeCommand("workbench.action.closePanel");
  await vscode.commands.executeCommand("tensorlens.tensors.focus");
  const { width } = await ask({ action: "widenSidebar", pixels: 260 });
  assert.ok(width > 400, `the sidebar is ${width}px wide`);
}

/** Counts the evaluate requests VS Code sends to debugpy, by helper. */
class EvaluateCounter implements vscode.Disposable {
  readonly counts = { frame_json: 0, grad_graph_json: 0 };
  /** Every request as `command:frameId`, for the message of a failed count. */
  readonly requests: string[] = [];
  private readonly registration = vscode.debug.registerDebugAdapterTrackerFactory("debugpy", {
    createDebugAdapterTracker: () => ({
      onWillReceiveMessage: (message: { command?: string; arguments?: { expression?: string; frameId?: number } }) => {
        this.requests.push(`${message.command ?? "?"}:${String(message.arguments?.frameId)}`);
        const expression = message.command === "evaluate" ? (message.arguments?.expression ?? "") : "";
        if (expression.includes(".frame_json(")) this.counts.frame_json++;
        if (expression.includes(".grad_graph_json(")) this.counts.grad_graph_json++;
      },
    }),
  });

  dispose(): void {
    this.registration.dispose();
  }
}

describe("debugger view", () => {
  let session: vscode.DebugSession | undefined;
  let snapshot: FrameSnapshot;
  const evaluates = new EvaluateCounter();

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
    evaluates.dispose();
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

    // The stop and VS Code's focus on the top frame name the same frame: one evaluate.
    assert.strictEqual(evaluates.counts.frame_json, 1);

    const rows = new Map(snapshot.rows.map((r) => [r.id, r]));
    assert.strictEqual(rows.get("devices")?.label, "Devices mixed");
    assert.strictEqual(rows.get("tensor:scratch")?.highlight, true);
    assert.deepStrictEqual(
      rows.get("module:model")?.children.map((c) => c.label),
      ["fc.weight", "fc.bias"],
    );
  });

  it("follows the frame selected in the Call Stack", async () => {
    const api = await extensionApi();
    const select = (row: string) =>
      waitFor(`the ${row} row of the Call Stack`, async () => {
        if ((await ask({ action: "clickRow", view: "Call Stack", text: row })).clicked) return true;
        // VS Code fetches the top frame first and the rest on demand.
        await ask({ action: "clickRow", view: "Call Stack", text: "Load More Stack Frames" });
        return false;
      });
    const shown = (what: string, test: (s: FrameSnapshot) => boolean) =>
      waitFor(what, () => (api.tensors.current !== undefined && test(api.tensors.current) ? api.tensors.current : undefined));

    await select("<module>");
    const module = await shown("the module frame", (s) => s.frameId !== snapshot.frameId);
    assert.strictEqual(module.message, "No tensors in this frame.");
    await select("train_step");
    const back = await shown("train_step's frame again", (s) => s !== module && s.frameId === snapshot.frameId);
    assert.ok(back.report?.tensors.some((t) => t.name === "out"));
    // One evaluate per selection: the stop, <module>, train_step again.
    assert.strictEqual(evaluates.counts.frame_json, 3);
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
    // Opened fitted: the whole graph is on screen in the side panel, not cut off (issue 21).
    await waitFor("the webview to report the graph fitted", () => (api.gradGraph.viewport?.wholeGraphVisible ? true : undefined));
    assert.ok(shown.graphInsideStage, "every node box is inside the webview's drawing area");
    assert.deepStrictEqual(evaluates.counts, { frame_json: 3, grad_graph_json: 1 });
    await ask({ action: "screenshot", name: "grad-graph" });
  });

  it("refreshes on the next stop", async () => {
    const api = await extensionApi();
    const before = api.tensors.current;
    assert.ok(before);
    // Stepping out of train_step stops in the module frame, which holds no tensors.
    await vscode.commands.executeCommand("workbench.action.debug.stepOut");
    const after = await waitFor("the view to follow the new stop", () => {
      const current = api.tensors.current;
      return current !== undefined && current !== before && current.frameId !== before.frameId ? current : undefined;
    });
    assert.strictEqual(after.report?.tensors.length, 0);
    assert.strictEqual(after.message, "No tensors in this frame.");
    assert.strictEqual(evaluates.counts.frame_json, 4, evaluates.requests.join(" "));
  });
});
