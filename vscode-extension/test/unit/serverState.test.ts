import * as assert from "assert";
import { describeState } from "../../src/server/serverState";

describe("describeState", () => {
  it("names the interpreter and where it came from while running", () => {
    const s = describeState({ kind: "running", interpreter: { command: "/venv/bin/python", source: "setting" } });
    assert.strictEqual(s.severity, "ok");
    assert.strictEqual(s.tooltip, "TensorLens: running with /venv/bin/python (from tensorlens.interpreter)");
  });

  it("warns when tensorlens is missing from the interpreter", () => {
    const s = describeState({ kind: "not-installed", interpreter: { command: "python3", source: "path" } });
    assert.strictEqual(s.severity, "warning");
    assert.match(s.tooltip, /not installed in python3 \(python3 on PATH\)/);
  });

  it("warns when the interpreter's tensorlens is another package, and says where it is", () => {
    const s = describeState({
      kind: "foreign",
      interpreter: { command: "/venv/bin/python", source: "python-extension" },
      foreign: { location: "/venv/lib/python3.11/site-packages/tensorlens", version: "0.0.3" },
    });
    assert.strictEqual(s.severity, "warning");
    assert.strictEqual(
      s.tooltip,
      "TensorLens: not installed in /venv/bin/python (the Python extension's interpreter), " +
        "whose tensorlens package (/venv/lib/python3.11/site-packages/tensorlens) is an unrelated one",
    );
  });

  it("shows a failed server as an error", () => {
    assert.strictEqual(describeState({ kind: "failed", message: "crashed" }).severity, "error");
  });
});
