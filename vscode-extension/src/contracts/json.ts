/**
 * A small reader for the JSON that TensorLens's Python side prints.
 *
 * The CLI and the debuggee helpers are another process, possibly another
 * version of tensorlens, so their output is checked field by field and a
 * mismatch names the field instead of surfacing later as `undefined`.
 */

export class ContractError extends Error {
  constructor(where: string, expected: string, actual: unknown) {
    super(`${where}: expected ${expected}, got ${describe(actual)}`);
    this.name = "ContractError";
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `"${value.length > 40 ? value.slice(0, 40) + "…" : value}"`;
  return typeof value;
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const snippet = text.length > 80 ? `${text.slice(0, 80)}…` : text;
    throw new Error(`${where}: not JSON (${(e as Error).message}): ${snippet}`);
  }
}

export function asObject(value: unknown, where: string): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ContractError(where, "an object", value);
  }
  return value as JsonObject;
}

export function asArray(value: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new ContractError(where, "an array", value);
  return value;
}

export function stringField(o: JsonObject, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== "string") throw new ContractError(`${where}.${key}`, "a string", v);
  return v;
}

export function optionalStringField(o: JsonObject, key: string, where: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") throw new ContractError(`${where}.${key}`, "a string or null", v);
  return v;
}

export function integerField(o: JsonObject, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new ContractError(`${where}.${key}`, "an integer", v);
  }
  return v;
}

export function optionalIntegerField(o: JsonObject, key: string, where: string): number | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  return integerField(o, key, where);
}

export function booleanField(o: JsonObject, key: string, where: string, fallback?: boolean): boolean {
  const v = o[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== "boolean") throw new ContractError(`${where}.${key}`, "a boolean", v);
  return v;
}

export function stringArrayField(o: JsonObject, key: string, where: string): string[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  return asArray(v, `${where}.${key}`).map((item, i) => {
    if (typeof item !== "string") throw new ContractError(`${where}.${key}[${i}]`, "a string", item);
    return item;
  });
}

export function arrayField<T>(
  o: JsonObject,
  key: string,
  where: string,
  read: (item: JsonObject, where: string) => T,
): T[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  return asArray(v, `${where}.${key}`).map((item, i) => {
    const at = `${where}.${key}[${i}]`;
    return read(asObject(item, at), at);
  });
}

/** The helpers answer `{"error": "..."}` instead of raising into the debugger. */
export function helperError(o: JsonObject): string | null {
  return typeof o.error === "string" ? o.error : null;
}
