import * as assert from "assert";
import { decodePythonString } from "../../src/debug/pythonString";

describe("decodePythonString", () => {
  it("leaves a raw string alone", () => {
    assert.strictEqual(decodePythonString('{"a": 1}'), '{"a": 1}');
  });

  it("decodes a repr in single quotes", () => {
    assert.strictEqual(decodePythonString(`'{"name": "it\\'s", "p": "C:\\\\x"}'`), `{"name": "it's", "p": "C:\\x"}`);
  });

  it("decodes \\n, \\x and \\u escapes", () => {
    assert.strictEqual(decodePythonString("'a\\nb\\x41\\u00e9'"), "a\nbAé");
  });

  it("keeps a lone quote character", () => {
    assert.strictEqual(decodePythonString("'"), "'");
  });
});
