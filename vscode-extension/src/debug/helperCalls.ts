/**
 * How the extension talks to tensorlens inside the debuggee: one DAP
 * `evaluate` per question, answered with compact JSON by
 * `tensorlens.runtime.editor_view`.
 */
import { FrameReport, parseFrameReport } from "../contracts/frameReport";
import { GradGraph, parseGradGraph } from "../contracts/gradGraph";
import { decodePythonString } from "./pythonString";

const HELPERS = "tensorlens.runtime.editor_view";

// `__import__` instead of an import statement: evaluate takes an expression,
// and it must not bind a new name in the user's frame.
export const FRAME_EXPRESSION = `__import__('${HELPERS}', fromlist=['frame_json']).frame_json(locals())`;

/**
 * `namespace=locals()` lets the helper name the leaves (`x`, `model.fc.weight`). Deep enough for a
 * whole model's graph (the helper's node limit bounds the wait); the panel folds big ones by module.
 */
export function gradGraphExpression(tensorExpression: string): string {
  return `__import__('${HELPERS}', fromlist=['grad_graph_json']).grad_graph_json(${tensorExpression}, depth=256, namespace=locals())`;
}

/** The part of vscode.DebugSession this module uses. */
export interface DapSession {
  customRequest(command: string, args?: unknown): Thenable<unknown>;
}

export type HelperOutcome<T> =
  | { readonly kind: "ok"; readonly value: T }
  /** tensorlens is not importable in the debuggee's interpreter. */
  | { readonly kind: "missing"; readonly detail: string }
  | { readonly kind: "error"; readonly message: string };

export function inspectFrame(session: DapSession, frameId: number): Promise<HelperOutcome<FrameReport>> {
  return callHelper(session, frameId, FRAME_EXPRESSION, (text) => {
    const answer = parseFrameReport(text);
    return answer.ok ? { kind: "ok", value: answer.report } : { kind: "error", message: answer.error };
  });
}

export function inspectGradGraph(
  session: DapSession,
  frameId: number,
  tensorExpression: string,
): Promise<HelperOutcome<GradGraph>> {
  return callHelper(session, frameId, gradGraphExpression(tensorExpression), (text) => {
    const answer = parseGradGraph(text);
    return answer.ok ? { kind: "ok", value: answer.graph } : { kind: "error", message: answer.error };
  });
}

async function callHelper<T>(
  session: DapSession,
  frameId: number,
  expression: string,
  read: (json: string) => HelperOutcome<T>,
): Promise<HelperOutcome<T>> {
  let result: string;
  try {
    const body = await session.customRequest("evaluate", {
      expression,
      frameId,
      context: "repl",
      format: { rawString: true },
    });
    result = evaluateResultText(body);
  } catch (e) {
    return classifyFailure(e instanceof Error ? e.message : String(e));
  }
  const text = decodePythonString(result);
  // debugpy reports some exceptions as the result text instead of a failure.
  if (!text.trimStart().startsWith("{")) return classifyFailure(text);
  try {
    return read(text);
  } catch (e) {
    return { kind: "error", message: (e as Error).message };
  }
}

function evaluateResultText(body: unknown): string {
  if (typeof body === "object" && body !== null && typeof (body as { result?: unknown }).result === "string") {
    return (body as { result: string }).result;
  }
  throw new Error("evaluate answered without a result");
}

export function classifyFailure(message: string): HelperOutcome<never> {
  if (/ModuleNotFoundError|No module named ['"]?tensorlens/.test(message)) {
    return { kind: "missing", detail: lastLine(message) };
  }
  return { kind: "error", message: lastLine(message) };
}

function lastLine(message: string): string {
  const lines = message.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  return lines.length > 0 ? lines[lines.length - 1] : message;
}
