/**
 * What `tensorlens.runtime.editor_view.frame_json(locals())` returns inside the
 * debuggee: every tensor of one stack frame, the modules that own parameters,
 * and the devices in play.
 */
import {
  arrayField,
  asObject,
  booleanField,
  helperError,
  integerField,
  JsonObject,
  optionalIntegerField,
  optionalStringField,
  parseJson,
  stringArrayField,
  stringField,
} from "./json";

export type TensorKind = "tensor" | "parameter" | "buffer";

export interface TensorFacts {
  /** Unique in the frame: a name repeats where a path cannot be spelt (optimizer state per parameter). */
  readonly id: string;
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly device: string;
  readonly requiresGrad: boolean;
  readonly isLeaf: boolean;
  readonly gradFn: string | null;
  /** The local name of the module owning this parameter or buffer. */
  readonly module: string | null;
  readonly kind: TensorKind;
  readonly numel: number | null;
  readonly summary: string;
  /** Another path to a tensor listed before (`p` after `for p in net.parameters()`), or null. */
  readonly sameAs: string | null;
}

export interface ModuleFacts {
  readonly name: string;
  readonly className: string;
  readonly parameters: number;
  readonly devices: readonly string[];
  readonly dtypes: readonly string[];
  readonly training: boolean;
}

export interface NumpyShare {
  readonly tensor: string;
  readonly array: string;
}

export interface FrameReport {
  readonly tensors: readonly TensorFacts[];
  readonly modules: readonly ModuleFacts[];
  readonly devices: readonly string[];
  readonly deviceMixture: boolean;
  readonly numpyShares: readonly NumpyShare[];
  /** The frame held more tensors than the helper listed. */
  readonly truncated: boolean;
  /** Locals with more entries than the helper walks (a dict of 5,000 tensors lists 64). */
  readonly unlisted: readonly UnlistedEntries[];
}

export interface UnlistedEntries {
  /** The local: `batch`. */
  readonly name: string;
  /** How many of its entries were never looked at. */
  readonly entries: number;
}

export type FrameAnswer =
  | { readonly ok: true; readonly report: FrameReport }
  | { readonly ok: false; readonly error: string };

export function parseFrameReport(text: string): FrameAnswer {
  const where = "frame_json";
  const o = asObject(parseJson(text, where), where);
  const error = helperError(o);
  if (error !== null) return { ok: false, error };
  return {
    ok: true,
    report: {
      tensors: arrayField(o, "tensors", where, readTensor),
      modules: arrayField(o, "modules", where, readModule),
      devices: stringArrayField(o, "devices", where),
      deviceMixture: booleanField(o, "device_mixture", where, false),
      numpyShares: arrayField(o, "numpy_shares", where, (s, at) => ({
        tensor: stringField(s, "tensor", at),
        array: stringField(s, "array", at),
      })),
      truncated: booleanField(o, "truncated", where, false),
      unlisted: arrayField(o, "unlisted", where, (u, at) => ({
        name: stringField(u, "name", at),
        entries: integerField(u, "entries", at),
      })),
    },
  };
}

function readTensor(o: JsonObject, where: string): TensorFacts {
  const kind = optionalStringField(o, "kind", where);
  const name = stringField(o, "name", where);
  return {
    // A helper of schema 1 before ids: the name stands in (unique there unless the frame repeats it).
    id: optionalStringField(o, "id", where) ?? name,
    name,
    shape: readShape(o),
    dtype: stringField(o, "dtype", where),
    device: stringField(o, "device", where),
    requiresGrad: booleanField(o, "requires_grad", where, false),
    isLeaf: booleanField(o, "is_leaf", where, true),
    gradFn: optionalStringField(o, "grad_fn", where),
    module: optionalStringField(o, "module", where),
    kind: kind === "parameter" || kind === "buffer" ? kind : "tensor",
    numel: optionalIntegerField(o, "numel", where),
    summary: optionalStringField(o, "summary", where) ?? "",
    sameAs: optionalStringField(o, "same_as", where),
  };
}

function readShape(o: JsonObject): number[] {
  const shape = o.shape;
  if (!Array.isArray(shape)) return [];
  // Ragged nested dimensions arrive as null; show them as unknown, never fail.
  return shape.map((d) => (typeof d === "number" ? d : Number.NaN));
}

function readModule(o: JsonObject, where: string): ModuleFacts {
  return {
    name: stringField(o, "name", where),
    className: stringField(o, "class", where),
    parameters: integerField(o, "parameters", where),
    devices: stringArrayField(o, "devices", where),
    dtypes: stringArrayField(o, "dtypes", where),
    training: booleanField(o, "training", where, true),
  };
}
