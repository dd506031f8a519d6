import * as assert from "assert";
import { parseFrameReport } from "../../src/contracts/frameReport";
import { fixture } from "./fixtures";

describe("parseFrameReport", () => {
  it("reads the helper's real output", () => {
    const answer = parseFrameReport(fixture("frame.json"));
    assert.ok(answer.ok);
    const { report } = answer;
    const x = report.tensors.find((t) => t.name === "x");
    assert.deepStrictEqual(x, {
      id: "x", // a helper of schema 1 without ids: the name stands in
      name: "x",
      shape: [2, 2],
      dtype: "float32",
      device: "cpu",
      requiresGrad: true,
      isLeaf: true,
      gradFn: null,
      module: null,
      kind: "tensor",
      numel: 4,
      summary: "tensor[2, 2] f32 cpu requires_grad leaf",
      sameAs: null,
    });
    assert.deepStrictEqual(report.tensors.find((t) => t.name === "out")?.shape, []);
    assert.strictEqual(report.tensors.find((t) => t.name === "model.fc.weight")?.kind, "parameter");
    assert.strictEqual(report.tensors.find((t) => t.name === "model.scale")?.kind, "buffer");
    assert.deepStrictEqual(report.modules, [
      { name: "model", className: "Net", parameters: 15, devices: ["cpu"], dtypes: ["float32"], training: true },
    ]);
    assert.deepStrictEqual(report.devices, ["cpu", "meta"]);
    assert.strictEqual(report.deviceMixture, true);
    assert.deepStrictEqual(report.numpyShares, [{ tensor: "t", array: "a" }]);
    assert.strictEqual(report.truncated, false);
  });

  it("passes the helper's error on", () => {
    const answer = parseFrameReport('{"version": 1, "error": "RuntimeError: boom"}');
    assert.deepStrictEqual(answer, { ok: false, error: "RuntimeError: boom" });
  });

  it("shows a ragged nested dimension as unknown", () => {
    const text = JSON.stringify({
      version: 1,
      tensors: [{ name: "nt", shape: [2, null, 3], dtype: "float32", device: "cpu" }],
    });
    const answer = parseFrameReport(text);
    assert.ok(answer.ok);
    const [nt] = answer.report.tensors;
    assert.strictEqual(nt.shape.length, 3);
    assert.ok(Number.isNaN(nt.shape[1]));
    assert.strictEqual(nt.kind, "tensor");
    assert.deepStrictEqual(answer.report.modules, []);
  });

  it("rejects a tensor without a device", () => {
    const text = JSON.stringify({ version: 1, tensors: [{ name: "x", shape: [1], dtype: "float32" }] });
    assert.throws(() => parseFrameReport(text), /tensors\[0\]\.device/);
  });
});
