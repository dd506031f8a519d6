/**
 * Turns one frame's report into the rows of the TensorLens debug view:
 * the devices in play, free tensors, each module with its parameters and
 * buffers, and NumPy arrays sharing memory with tensors. Pure data, so the
 * view's content is testable without VS Code.
 */
import { FrameReport, ModuleFacts, TensorFacts } from "../contracts/frameReport";

export type TensorRowKind =
  | "devices"
  | "tensor"
  | "parameter"
  | "buffer"
  | "module"
  | "numpy-group"
  | "numpy-share"
  /** A container's entries the helper never walked. */
  | "unlisted"
  /** "… N more": the next page of its parent's children (see paging.ts). */
  | "more";

export interface TensorRow {
  /** Stable across refreshes, so expanded modules stay expanded. */
  readonly id: string;
  readonly kind: TensorRowKind;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  /** On a device other than the frame's main one while devices are mixed. */
  readonly highlight: boolean;
  /** Space-separated flags matched by `viewItem =~` in package.json menus. */
  readonly contextValue: string;
  /** Python expression naming the tensor in the frame, for the grad_fn graph. */
  readonly expression: string | null;
  readonly children: readonly TensorRow[];
  /** For a "more" row: the key of the parent whose children it pages (paging.ts). */
  readonly pageOf?: string;
}

export function buildTensorRows(report: FrameReport): TensorRow[] {
  const mainDevice = mostCommonDevice(report);
  const rows: TensorRow[] = [];
  if (report.devices.length > 0) rows.push(devicesRow(report));

  const moduleNames = new Set(report.modules.map((m) => m.name));
  const owned = new Map<string, TensorFacts[]>();
  for (const t of report.tensors) {
    if (t.module === null) {
      rows.push(tensorRow(t, t.name, report.deviceMixture && t.device !== mainDevice));
      continue;
    }
    const list = owned.get(t.module) ?? [];
    list.push(t);
    owned.set(t.module, list);
  }

  for (const m of report.modules) {
    rows.push(moduleRow(m, owned.get(m.name) ?? [], report.deviceMixture, mainDevice));
  }
  // Parameters whose module the helper did not describe still get a group.
  for (const [name, tensors] of owned) {
    if (moduleNames.has(name)) continue;
    const devices = [...new Set(tensors.map((t) => t.device))];
    const dtypes = [...new Set(tensors.map((t) => t.dtype))];
    const facts: ModuleFacts = { name, className: "", parameters: tensors.length, devices, dtypes, training: true };
    rows.push(moduleRow(facts, tensors, report.deviceMixture, mainDevice));
  }

  for (const u of report.unlisted) {
    rows.push({
      id: `unlisted:${u.name}`,
      kind: "unlisted",
      label: `${u.name}: ${formatCount(u.entries)} more entries`,
      description: "not listed",
      tooltip: `\`${u.name}\` holds ${u.entries.toLocaleString("en-US")} more entries than TensorLens reads per container; the rows above show its first ones.`,
      highlight: false,
      contextValue: "unlisted",
      expression: null,
      children: [],
    });
  }

  if (report.numpyShares.length > 0) {
    rows.push({
      id: "numpy",
      kind: "numpy-group",
      label: "NumPy shared memory",
      description: `${report.numpyShares.length}`,
      tooltip: "In-place writes through one side are seen through the other (TL301).",
      highlight: false,
      contextValue: "numpyGroup",
      expression: null,
      children: report.numpyShares.map((s) => ({
        id: `numpy:${s.tensor}:${s.array}`,
        kind: "numpy-share" as const,
        label: `${s.tensor} ↔ ${s.array}`,
        description: "share memory",
        tooltip: `torch tensor \`${s.tensor}\` and numpy array \`${s.array}\` are views of the same buffer.`,
        highlight: false,
        contextValue: "numpyShare",
        expression: null,
        children: [],
      })),
    });
  }
  return rows;
}

function devicesRow(report: FrameReport): TensorRow {
  const list = report.devices.join(", ");
  return {
    id: "devices",
    kind: "devices",
    label: report.deviceMixture ? "Devices mixed" : "Devices",
    description: list,
    tooltip: report.deviceMixture
      ? `Tensors of this frame live on ${list}. An op that combines them raises (TL201).`
      : `Every tensor of this frame is on ${list}.`,
    highlight: report.deviceMixture,
    contextValue: "devices",
    expression: null,
    children: [],
  };
}

function tensorRow(t: TensorFacts, label: string, highlight: boolean): TensorRow {
  const flags = ["tensor", t.kind];
  if (t.gradFn !== null) flags.push("hasGradFn");
  return {
    id: `tensor:${t.id}`,
    kind: t.kind,
    label,
    description: describeTensor(t),
    tooltip: (t.summary || `${t.name}: ${describeTensor(t)}`) + (t.sameAs === null ? "" : ` (the same tensor as ${t.sameAs})`),
    highlight,
    contextValue: flags.join(" "),
    expression: t.name,
    children: [],
  };
}

function moduleRow(m: ModuleFacts, tensors: readonly TensorFacts[], mixture: boolean, mainDevice: string): TensorRow {
  const prefix = `${m.name}.`;
  const split = m.devices.length > 1;
  const parts = [m.className, `${formatCount(m.parameters)} params`, m.devices.join("+"), m.dtypes.join("+")];
  if (!m.training) parts.push("eval");
  return {
    id: `module:${m.name}`,
    kind: "module",
    label: m.name,
    description: parts.filter((p) => p.length > 0).join(" · "),
    tooltip: split
      ? `${m.name} has parameters on ${m.devices.join(" and ")}: a forward pass will fail with a device mismatch.`
      : `${m.name}: ${m.className} with ${m.parameters} parameters on ${m.devices.join(", ")}`,
    highlight: split || (mixture && m.devices.some((d) => d !== mainDevice)),
    contextValue: "module",
    expression: m.name,
    children: tensors.map((t) =>
      tensorRow(t, t.name.startsWith(prefix) ? t.name.slice(prefix.length) : t.name, mixture && t.device !== mainDevice),
    ),
  };
}

export function describeTensor(t: TensorFacts): string {
  const parts = [`${formatShape(t.shape)} ${t.dtype} ${t.device}`];
  if (t.gradFn !== null) parts.push(`grad_fn=${t.gradFn}`);
  else if (t.requiresGrad) parts.push(t.isLeaf ? "requires_grad · leaf" : "requires_grad");
  return parts.join(" · ");
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.map((d) => (Number.isNaN(d) ? "?" : String(d))).join(", ")}]`;
}

export function formatCount(n: number): string {
  if (n < 1_000) return String(n);
  if (n < 1_000_000) return `${trim(n / 1_000)}k`;
  if (n < 1_000_000_000) return `${trim(n / 1_000_000)}M`;
  return `${trim(n / 1_000_000_000)}B`;
}

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1).replace(/\.0$/, "");
}

/**
 * The device most tensors are on: with devices mixed, the others are the odd
 * ones out worth highlighting. Ties go to the device the helper listed first.
 */
export function mostCommonDevice(report: FrameReport): string {
  const counts = new Map<string, number>();
  for (const d of report.devices) counts.set(d, 0);
  for (const t of report.tensors) counts.set(t.device, (counts.get(t.device) ?? 0) + 1);
  let best = report.devices[0] ?? "cpu";
  for (const [device, n] of counts) if (n > (counts.get(best) ?? 0)) best = device;
  return best;
}
