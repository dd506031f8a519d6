/**
 * Keeps the TensorLens view in step with the debugger: on every stop, and
 * whenever the user selects another stack frame, it asks the debuggee for that
 * frame's tensors (one evaluate) and shows them.
 */
import * as vscode from "vscode";
import { FrameReport } from "../contracts/frameReport";
import { configuredPython, InstallSource, missingInDebuggeeMessage } from "../server/installSource";
import { inspectFrame } from "./helperCalls";
import { PYTHON_DEBUG_TYPES, registerStopTracker, StopListener } from "./stopTracker";
import { buildTensorRows, TensorRow } from "./tensorTree";
import { TensorView } from "./tensorView";

/** What the view shows, and for which frame: the grad_fn command evaluates there. */
export interface FrameSnapshot {
  readonly session: vscode.DebugSession;
  readonly frameId: number;
  readonly report: FrameReport | null;
  readonly rows: readonly TensorRow[];
  readonly message: string | undefined;
}

export class FrameWatcher implements StopListener, vscode.Disposable {
  private snapshot: FrameSnapshot | undefined;
  private readonly refreshed = new vscode.EventEmitter<FrameSnapshot>();
  private readonly subscriptions: vscode.Disposable[];
  /** Sessions whose debuggee lacks tensorlens: said once, not asked again. */
  private readonly missing = new Set<string>();
  /** Bumped on each stop, so a frame id reused by a later stop still refreshes. */
  private stopCount = 0;
  private lastKey = "";
  private latestRequest = 0;

  readonly onDidRefresh = this.refreshed.event;

  constructor(
    private readonly view: TensorView,
    private readonly installSource: InstallSource,
  ) {
    this.subscriptions = [
      registerStopTracker(this),
      vscode.debug.onDidChangeActiveStackItem((item) => {
        if (item instanceof vscode.DebugStackFrame && isPythonSession(item.session)) {
          void this.refresh(item.session, item.frameId);
        }
      }),
    ];
  }

  get current(): FrameSnapshot | undefined {
    return this.snapshot;
  }

  stopped(): void {
    this.stopCount++;
  }

  topFrame(session: vscode.DebugSession, frameId: number): void {
    // After a stop VS Code focuses the top frame; activeStackItem still names
    // the previous stop's frame at this point, so it is not consulted here.
    void this.refresh(session, frameId);
  }

  continued(session: vscode.DebugSession): void {
    if (this.snapshot?.session.id === session.id) this.clear("Running…");
  }

  ended(session: vscode.DebugSession): void {
    this.missing.delete(session.id);
    if (this.snapshot?.session.id === session.id) this.clear(undefined);
  }

  /** The view's refresh button: asks again even if nothing changed. */
  async refreshActive(): Promise<void> {
    const active = vscode.debug.activeStackItem;
    if (!(active instanceof vscode.DebugStackFrame) || !isPythonSession(active.session)) return;
    this.missing.delete(active.session.id);
    this.lastKey = "";
    await this.refresh(active.session, active.frameId);
  }

  async refresh(session: vscode.DebugSession, frameId: number): Promise<void> {
    const key = `${session.id}:${this.stopCount}:${frameId}`;
    if (key === this.lastKey) return; // the stop and the focus change name the same frame
    this.lastKey = key;
    const request = ++this.latestRequest;

    if (this.missing.has(session.id)) {
      this.publish({ session, frameId, report: null, rows: [], message: this.missingMessage(session) });
      return;
    }
    const outcome = await inspectFrame(session, frameId);
    if (request !== this.latestRequest) return; // a newer stop or selection won
    switch (outcome.kind) {
      case "ok": {
        const rows = buildTensorRows(outcome.value);
        const message =
          rows.length === 0
            ? "No tensors in this frame."
            : outcome.value.truncated
              ? "This frame holds more tensors than are listed here."
              : undefined;
        this.publish({ session, frameId, report: outcome.value, rows, message });
        break;
      }
      case "missing":
        this.missing.add(session.id);
        this.publish({ session, frameId, report: null, rows: [], message: this.missingMessage(session) });
        break;
      case "error":
        this.publish({ session, frameId, report: null, rows: [], message: `TensorLens: ${outcome.message}` });
        break;
    }
  }

  /** Names the debuggee's interpreter and the wheel to install into it; never `pip install tensorlens`. */
  missingMessage(session: vscode.DebugSession): string {
    return missingInDebuggeeMessage(configuredPython(session.configuration), this.installSource);
  }

  private publish(snapshot: FrameSnapshot): void {
    this.snapshot = snapshot;
    this.view.show(snapshot.rows, snapshot.message);
    this.refreshed.fire(snapshot);
  }

  private clear(message: string | undefined): void {
    this.snapshot = undefined;
    this.lastKey = "";
    this.view.show([], message);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.refreshed.dispose();
  }
}

function isPythonSession(session: vscode.DebugSession): boolean {
  return (PYTHON_DEBUG_TYPES as readonly string[]).includes(session.type);
}
