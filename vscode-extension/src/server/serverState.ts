/** What the status bar and the tests know about the language server. */
import type { ForeignPackage } from "./installSource";
import type { Interpreter } from "./interpreter";

export type ServerState =
  | { readonly kind: "starting" }
  | { readonly kind: "running"; readonly interpreter: Interpreter }
  | { readonly kind: "stopped" }
  | { readonly kind: "disabled" }
  | { readonly kind: "not-installed"; readonly interpreter: Interpreter }
  /** Not installed either: the interpreter's tensorlens is another package. */
  | { readonly kind: "foreign"; readonly interpreter: Interpreter; readonly foreign: ForeignPackage }
  | { readonly kind: "no-interpreter"; readonly interpreter: Interpreter; readonly message: string }
  | { readonly kind: "failed"; readonly message: string };

export interface StatusText {
  readonly text: string;
  readonly tooltip: string;
  readonly severity: "ok" | "warning" | "error";
}

export function describeState(state: ServerState): StatusText {
  switch (state.kind) {
    case "starting":
      return { text: "$(sync~spin) TensorLens", tooltip: "TensorLens: starting the language server", severity: "ok" };
    case "running":
      return {
        text: "$(check) TensorLens",
        tooltip: `TensorLens: running with ${state.interpreter.command} (${sourceText(state.interpreter)})`,
        severity: "ok",
      };
    case "stopped":
      return { text: "$(circle-slash) TensorLens", tooltip: "TensorLens: the language server is stopped", severity: "warning" };
    case "disabled":
      return { text: "$(circle-slash) TensorLens", tooltip: "TensorLens: disabled by the tensorlens.enable setting", severity: "ok" };
    case "not-installed":
      return {
        text: "$(warning) TensorLens",
        tooltip: `TensorLens: not installed in ${state.interpreter.command} (${sourceText(state.interpreter)})`,
        severity: "warning",
      };
    case "foreign":
      return {
        text: "$(warning) TensorLens",
        tooltip:
          `TensorLens: not installed in ${state.interpreter.command} (${sourceText(state.interpreter)}), ` +
          `whose tensorlens package (${state.foreign.location}) is an unrelated one`,
        severity: "warning",
      };
    case "no-interpreter":
      return {
        text: "$(error) TensorLens",
        tooltip: `TensorLens: cannot run ${state.interpreter.command}: ${state.message}`,
        severity: "error",
      };
    case "failed":
      return { text: "$(error) TensorLens", tooltip: `TensorLens: ${state.message}`, severity: "error" };
  }
}

function sourceText(interpreter: Interpreter): string {
  switch (interpreter.source) {
    case "setting":
      return "from tensorlens.interpreter";
    case "python-extension":
      return "the Python extension's interpreter";
    case "path":
      return "python3 on PATH";
  }
}
