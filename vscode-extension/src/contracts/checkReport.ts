/**
 * `tensorlens check --format json` output (SPEC.md, "CLI"): a JSON array with
 * one object per finding; lines and columns are 1-based.
 */
import {
  arrayField,
  asArray,
  asObject,
  booleanField,
  integerField,
  JsonObject,
  optionalIntegerField,
  parseJson,
  stringField,
} from "./json";

export type Severity = "error" | "warning";

export interface TextEdit {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly text: string;
}

export interface Fix {
  readonly safe: boolean;
  readonly description: string;
  readonly edits: readonly TextEdit[];
}

export interface Finding {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: Fix | null;
}

export function parseCheckReport(stdout: string): Finding[] {
  const where = "tensorlens check";
  return asArray(parseJson(stdout, where), where).map((item, i) =>
    readFinding(asObject(item, `${where}[${i}]`), `${where}[${i}]`),
  );
}

function readFinding(o: JsonObject, where: string): Finding {
  const line = integerField(o, "line", where);
  const column = integerField(o, "column", where);
  const severity = stringField(o, "severity", where);
  return {
    path: stringField(o, "path", where),
    line,
    column,
    // A finding without an end (TL000 from some parsers) marks one character.
    endLine: optionalIntegerField(o, "end_line", where) ?? line,
    endColumn: optionalIntegerField(o, "end_column", where) ?? column + 1,
    code: stringField(o, "code", where),
    name: stringField(o, "name", where),
    // Unknown severities from a newer tensorlens are shown, as warnings.
    severity: severity === "error" ? "error" : "warning",
    message: stringField(o, "message", where),
    fix: o.fix === undefined || o.fix === null ? null : readFix(asObject(o.fix, `${where}.fix`), `${where}.fix`),
  };
}

function readFix(o: JsonObject, where: string): Fix {
  return {
    safe: booleanField(o, "safe", where),
    description: stringField(o, "description", where),
    edits: arrayField(o, "edits", where, (e, at) => ({
      line: integerField(e, "line", at),
      column: integerField(e, "column", at),
      endLine: integerField(e, "end_line", at),
      endColumn: integerField(e, "end_column", at),
      text: stringField(e, "text", at),
    })),
  };
}
