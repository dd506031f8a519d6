import * as assert from "assert";
import { DapSession, FRAME_EXPRESSION, gradGraphExpression, inspectFrame, inspectGradGraph } from "../../src/debug/helperCalls";
import { fixture } from "./fixtures";

/** A debug session that answers `evaluate` with a fixed result or failure. */
class RecordingSession implements DapSession {
  readonly requests: { command: string; args: unknown }[] = [];
  constructor(private readonly answer: { result: string } | Error) {}
  customRequest(command: string, args?: unknown): Thenable<unknown> {
    this.requests.push({ command, args });
    return this.answer instanceof Error ? Promise.reject(this.answer) : Promise.resolve(this.answer);
  }
}

describe("helper calls through DAP evaluate", () => {
  it("asks for the frame's tensors in one evaluate, as the contract says", async () => {
    const session = new RecordingSession({ result: fixture("frame.json") });
    const outcome = await inspectFrame(session, 7);
    assert.strictEqual(outcome.kind, "ok");
    assert.deepStrictEqual(session.requests, [
      {
        command: "evaluate",
        args: { expression: FRAME_EXPRESSION, frameId: 7, context: "repl", format: { rawString: true } },
      },
    ]);
    assert.strictEqual(
      FRAME_EXPRESSION,
      "__import__('tensorlens.runtime.editor_view', fromlist=['frame_json']).frame_json(locals())",
    );
  });

  it("accepts a result that debugpy quoted as a Python str", async () => {
    const quoted = `'${JSON.stringify({ version: 1, tensors: [], modules: [], devices: [] })}'`;
    const outcome = await inspectFrame(new RecordingSession({ result: quoted }), 1);
    assert.strictEqual(outcome.kind, "ok");
  });

  it("recognises a debuggee without tensorlens", async () => {
    const failure = new Error("Traceback (most recent call last):\n  ...\nModuleNotFoundError: No module named 'tensorlens'");
    const outcome = await inspectFrame(new RecordingSession(failure), 1);
    assert.deepStrictEqual(outcome, { kind: "missing", detail: "ModuleNotFoundError: No module named 'tensorlens'" });
  });

  it("recognises the same failure when debugpy returns it as the result", async () => {
    const outcome = await inspectFrame(new RecordingSession({ result: "ModuleNotFoundError: No module named 'tensorlens'" }), 1);
    assert.strictEqual(outcome.kind, "missing");
  });

  it("reports other evaluate failures by their last line", async () => {
    const outcome = await inspectFrame(new RecordingSession(new Error("Traceback\nNameError: name 'locals' is not defined")), 1);
    assert.deepStrictEqual(outcome, { kind: "error", message: "NameError: name 'locals' is not defined" });
  });

  it("reports the helper's own error", async () => {
    const outcome = await inspectFrame(new RecordingSession({ result: '{"version":1,"error":"RuntimeError: x"}' }), 1);
    assert.deepStrictEqual(outcome, { kind: "error", message: "RuntimeError: x" });
  });

  it("evaluates the grad graph of a named tensor in the same frame", async () => {
    const session = new RecordingSession({ result: fixture("grad-graph.json") });
    const outcome = await inspectGradGraph(session, 3, "out");
    assert.strictEqual(outcome.kind, "ok");
    const args = session.requests[0].args as { expression: string; frameId: number };
    assert.strictEqual(args.frameId, 3);
    assert.strictEqual(args.expression, gradGraphExpression("out"));
    assert.match(args.expression, /\.grad_graph_json\(out, depth=256, namespace=locals\(\)\)$/);
  });
});
