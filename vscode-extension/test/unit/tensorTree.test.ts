import * as assert from "assert";
import { FrameReport, parseFrameReport, TensorFacts } from "../../src/contracts/frameReport";
import { buildTensorRows, describeTensor, formatCount, mostCommonDevice } from "../../src/debug/tensorTree";
import { fixture } from "./fixtures";

function report(): FrameReport {
  const answer = parseFrameReport(fixture("frame.json"));
  if (!answer.ok) throw new Error(answer.error);
  return answer.report;
}

const TENSOR: TensorFacts = {
  id: "x",
  name: "x",
  shape: [2, 2],
  dtype: "float32",
  device: "cpu",
  requiresGrad: false,
  isLeaf: true,
  gradFn: null,
  module: null,
  kind: "tensor",
  numel: 4,
  summary: "",
  sameAs: null,
};

describe("buildTensorRows", () => {
  const rows = buildTensorRows(report());
  const byId = new Map(rows.map((r) => [r.id, r]));

  it("lists devices first, then free tensors, modules and numpy shares", () => {
    assert.deepStrictEqual(
      rows.map((r) => r.id),
      ["devices", "tensor:x", "tensor:y", "tensor:out", "tensor:t", "tensor:meta", "module:model", "numpy"],
    );
  });

  it("says when devices are mixed, and highlights the odd one out", () => {
    const devices = byId.get("devices");
    assert.strictEqual(devices?.label, "Devices mixed");
    assert.strictEqual(devices.description, "cpu, meta");
    assert.strictEqual(devices.highlight, true);
    assert.strictEqual(byId.get("tensor:meta")?.highlight, true);
    assert.strictEqual(byId.get("tensor:x")?.highlight, false);
  });

  it("describes a tensor by shape, dtype, device and grad state", () => {
    assert.strictEqual(byId.get("tensor:x")?.description, "[2, 2] float32 cpu · requires_grad · leaf");
    assert.strictEqual(byId.get("tensor:out")?.description, "[] float32 cpu · grad_fn=MeanBackward0");
  });

  it("offers the grad_fn graph only for tensors that have a grad_fn", () => {
    assert.match(byId.get("tensor:out")?.contextValue ?? "", /\bhasGradFn\b/);
    assert.doesNotMatch(byId.get("tensor:x")?.contextValue ?? "", /\bhasGradFn\b/);
    assert.strictEqual(byId.get("tensor:out")?.expression, "out");
  });

  it("groups a module's parameters and buffers under it, labelled relative to it", () => {
    const model = byId.get("module:model");
    assert.strictEqual(model?.description, "Net · 15 params · cpu · float32");
    assert.deepStrictEqual(
      model.children.map((c) => [c.label, c.kind, c.expression]),
      [
        ["fc.weight", "parameter", "model.fc.weight"],
        ["fc.bias", "parameter", "model.fc.bias"],
        ["scale", "buffer", "model.scale"],
      ],
    );
  });

  it("lists numpy arrays that share memory with tensors", () => {
    assert.deepStrictEqual(
      byId.get("numpy")?.children.map((c) => c.label),
      ["t ↔ a"],
    );
  });

  it("flags a module split across devices", () => {
    const split: FrameReport = {
      tensors: [
        { ...TENSOR, name: "net.a.weight", module: "net", kind: "parameter", device: "cuda:0" },
        { ...TENSOR, name: "net.b.weight", module: "net", kind: "parameter", device: "cpu" },
      ],
      modules: [{ name: "net", className: "Net", parameters: 8, devices: ["cpu", "cuda:0"], dtypes: ["float32"], training: false }],
      devices: ["cpu", "cuda:0"],
      deviceMixture: true,
      numpyShares: [],
      truncated: false,
      unlisted: [],
    };
    const net = buildTensorRows(split).find((r) => r.id === "module:net");
    assert.strictEqual(net?.highlight, true);
    assert.strictEqual(net.description, "Net · 8 params · cpu+cuda:0 · float32 · eval");
    assert.match(net.tooltip, /device mismatch/);
  });

  it("still groups parameters whose module was not described", () => {
    const orphan: FrameReport = {
      tensors: [{ ...TENSOR, name: "opt.p", module: "opt", kind: "parameter" }],
      modules: [],
      devices: ["cpu"],
      deviceMixture: false,
      numpyShares: [],
      truncated: false,
      unlisted: [],
    };
    const rows2 = buildTensorRows(orphan);
    assert.deepStrictEqual(
      rows2.map((r) => r.id),
      ["devices", "module:opt"],
    );
    assert.strictEqual(rows2[1].children[0].label, "p");
  });

  it("gives optimizer state entries with the same name distinct ids, and lists a shared parameter under its module", () => {
    const state: FrameReport = {
      tensors: [
        { ...TENSOR, id: "p", name: "p", sameAs: null },
        { ...TENSOR, id: "net.w", name: "net.w", module: "net", kind: "parameter", sameAs: "p" },
        { ...TENSOR, id: 'opt.state[<Parameter>]["exp_avg"]', name: 'opt.state[<Parameter>]["exp_avg"]' },
        { ...TENSOR, id: 'opt.state[<Parameter>]["exp_avg"]#2', name: 'opt.state[<Parameter>]["exp_avg"]' },
      ],
      modules: [{ name: "net", className: "Net", parameters: 1, devices: ["cpu"], dtypes: ["float32"], training: true }],
      devices: ["cpu"],
      deviceMixture: false,
      numpyShares: [],
      truncated: false,
      unlisted: [],
    };
    const rows3 = buildTensorRows(state);
    const ids = rows3.flatMap((r) => [r.id, ...r.children.map((c) => c.id)]);
    assert.strictEqual(new Set(ids).size, ids.length);
    const net = rows3.find((r) => r.id === "module:net");
    assert.deepStrictEqual(net?.children.map((c) => c.label), ["w"]);
    assert.match(net.children[0].tooltip, /same tensor as p/);
  });

  it("shows nothing for a frame without tensors", () => {
    const empty: FrameReport = { tensors: [], modules: [], devices: [], deviceMixture: false, numpyShares: [], truncated: false, unlisted: [] };
    assert.deepStrictEqual(buildTensorRows(empty), []);
  });
});

describe("tensor row text", () => {
  it("shows unknown dimensions as ?", () => {
    assert.strictEqual(describeTensor({ ...TENSOR, shape: [2, Number.NaN] }), "[2, ?] float32 cpu");
  });

  it("abbreviates parameter counts", () => {
    assert.deepStrictEqual([0, 999, 1000, 12_345, 1_500_000, 7_000_000_000].map(formatCount), ["0", "999", "1k", "12.3k", "1.5M", "7B"]);
  });

  it("takes the device most tensors are on as the frame's own", () => {
    assert.strictEqual(mostCommonDevice(report()), "cpu");
  });
});
