import * as assert from "assert";
import { parseCheckReport } from "../../src/contracts/checkReport";
import { ContractError } from "../../src/contracts/json";

const FINDING = {
  path: "samples/leaf.py",
  line: 7,
  column: 5,
  end_line: 7,
  end_column: 14,
  code: "TL101",
  name: "inplace-on-leaf",
  severity: "error",
  message: "in-place add_ on leaf `w` that requires grad",
  fix: {
    safe: true,
    description: "wrap in torch.no_grad()",
    edits: [{ line: 7, column: 5, end_line: 7, end_column: 14, text: "w = w + 1" }],
  },
};

describe("parseCheckReport", () => {
  it("reads every field of a finding and its fix", () => {
    const [f] = parseCheckReport(JSON.stringify([FINDING]));
    assert.deepStrictEqual(f, {
      path: "samples/leaf.py",
      line: 7,
      column: 5,
      endLine: 7,
      endColumn: 14,
      code: "TL101",
      name: "inplace-on-leaf",
      severity: "error",
      message: "in-place add_ on leaf `w` that requires grad",
      fix: {
        safe: true,
        description: "wrap in torch.no_grad()",
        edits: [{ line: 7, column: 5, endLine: 7, endColumn: 14, text: "w = w + 1" }],
      },
    });
  });

  it("reads an empty report", () => {
    assert.deepStrictEqual(parseCheckReport("[]\n"), []);
  });

  it("gives a finding without an end one character", () => {
    const [f] = parseCheckReport(JSON.stringify([{ ...FINDING, end_line: null, end_column: null, fix: null }]));
    assert.strictEqual(f.endLine, 7);
    assert.strictEqual(f.endColumn, 6);
    assert.strictEqual(f.fix, null);
  });

  it("shows an unknown severity as a warning rather than failing", () => {
    const [f] = parseCheckReport(JSON.stringify([{ ...FINDING, severity: "info" }]));
    assert.strictEqual(f.severity, "warning");
  });

  it("names the field that breaks the contract", () => {
    assert.throws(
      () => parseCheckReport(JSON.stringify([{ ...FINDING, line: "7" }])),
      (e: unknown) => e instanceof ContractError && e.message.includes("tensorlens check[0].line"),
    );
  });

  it("rejects output that is not JSON, quoting its start", () => {
    assert.throws(() => parseCheckReport("Traceback (most recent call last):"), /not JSON.*Traceback/);
  });

  it("rejects an object where an array is due", () => {
    assert.throws(() => parseCheckReport("{}"), ContractError);
  });
});
