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

  it("shows a failed server as an error", () => {
    assert.strictEqual(describeState({ kind: "failed", message: "crashed" }).severity, "error");
  });
});
