/**
 * Watches the DAP traffic of Python debug sessions for the moments the view
 * must refresh: a stop (and the top frame VS Code asks for right after it), a
 * continue, and the end of the session. Reading VS Code's own stackTrace
 * response spares the debuggee an extra request on every stop.
 */
import * as vscode from "vscode";

export const PYTHON_DEBUG_TYPES = ["debugpy", "python"] as const;

export interface StopListener {
  stopped(session: vscode.DebugSession): void;
  topFrame(session: vscode.DebugSession, frameId: number): void;
  continued(session: vscode.DebugSession): void;
  ended(session: vscode.DebugSession): void;
}

interface DapMessage {
  type?: string;
  seq?: number;
  command?: string;
  event?: string;
  request_seq?: number;
  success?: boolean;
  arguments?: { startFrame?: number };
  body?: { stackFrames?: { id: number }[] };
}

export function registerStopTracker(listener: StopListener): vscode.Disposable {
  const factory: vscode.DebugAdapterTrackerFactory = {
    createDebugAdapterTracker: (session) => new SessionTracker(session, listener),
  };
  return vscode.Disposable.from(
    ...PYTHON_DEBUG_TYPES.map((type) => vscode.debug.registerDebugAdapterTrackerFactory(type, factory)),
  );
}

class SessionTracker implements vscode.DebugAdapterTracker {
  /** stackTrace requests that start at the top frame, by request seq. */
  private readonly topFrameRequests = new Set<number>();
  private awaitingTopFrame = false;

  constructor(
    private readonly session: vscode.DebugSession,
    private readonly listener: StopListener,
  ) {}

  onWillReceiveMessage(message: unknown): void {
    const m = message as DapMessage;
    if (m.type === "request" && m.command === "stackTrace" && (m.arguments?.startFrame ?? 0) === 0 && m.seq !== undefined) {
      this.topFrameRequests.add(m.seq);
    }
  }

  onDidSendMessage(message: unknown): void {
    const m = message as DapMessage;
    if (m.type === "event" && m.event === "stopped") {
      this.awaitingTopFrame = true;
      this.listener.stopped(this.session);
    } else if (m.type === "event" && m.event === "continued") {
      this.listener.continued(this.session);
    } else if (m.type === "response" && m.command === "stackTrace" && m.request_seq !== undefined) {
      if (!this.topFrameRequests.delete(m.request_seq) || !this.awaitingTopFrame) return;
      const top = m.success === true ? m.body?.stackFrames?.[0] : undefined;
      if (top === undefined) return;
      this.awaitingTopFrame = false;
      this.listener.topFrame(this.session, top.id);
    }
  }

  onWillStopSession(): void {
    this.listener.ended(this.session);
  }

  onExit(): void {
    this.listener.ended(this.session);
  }
}
