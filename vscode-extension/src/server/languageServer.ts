/**
 * Owns the `python -m tensorlens lsp` process through vscode-languageclient:
 * starts it with the resolved interpreter, restarts it on demand, and stops
 * retrying after a few crashes instead of looping.
 */
import * as vscode from "vscode";
import {
  CloseAction,
  DidChangeConfigurationNotification,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import { InstallPrompt } from "./installPrompt";
import { foreignPackageText, InstallSource } from "./installSource";
import { resolveInterpreter } from "./interpreter";
import { languageServerLaunch, PythonLaunch, pythonVersion } from "./launch";
import { probeTensorlens } from "./pythonProcess";
import { ServerState } from "./serverState";
import { readPythonPath, readSettings } from "./settings";

const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

export class LanguageServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private current: ServerState = { kind: "stopped" };
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  private readonly installPrompt: InstallPrompt;
  private readonly reportedFailures = new Set<string>();
  /** Start, stop and restart run one after the other, never interleaved. */
  private queue: Promise<void> = Promise.resolve();

  readonly onDidChangeState = this.stateEmitter.event;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    installSource: InstallSource,
  ) {
    this.installPrompt = new InstallPrompt(installSource, () => void this.restart());
  }

  get state(): ServerState {
    return this.current;
  }

  /** The running client, for features that need the server's answers. */
  get languageClient(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop({ kind: "stopped" }));
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.doStop({ kind: "stopped" });
      await this.doStart();
    });
  }

  /** Follows `tensorlens.enable`: starts or stops the server as it changes. */
  applyEnablement(): Promise<void> {
    return readSettings().enable ? this.start() : this.enqueue(() => this.doStop({ kind: "disabled" }));
  }

  /**
   * Sends the `tensorlens` section as workspace/didChangeConfiguration. The
   * client answers the server's workspace/configuration requests by itself.
   */
  async pushSettings(): Promise<void> {
    const client = this.languageClient;
    if (client === undefined) return;
    await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { tensorlens: readSettings() } });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step, step);
    return this.queue;
  }

  private setState(state: ServerState): void {
    this.current = state;
    this.stateEmitter.fire(state);
  }

  private async doStart(): Promise<void> {
    if (this.client !== undefined) return;
    if (!readSettings().enable) {
      this.setState({ kind: "disabled" });
      return;
    }
    this.setState({ kind: "starting" });
    const interpreter = await resolveInterpreter();
    this.output.info(`Interpreter: ${interpreter.command} (${interpreter.source})`);
    // Isolated from the workspace (launch.ts): `python -P -m tensorlens lsp`, no inherited PYTHONPATH.
    const launch = languageServerLaunch(interpreter.command, await pythonVersion(interpreter.command), readPythonPath());
    const presence = await probeTensorlens(interpreter.command, launch.env);
    if (presence.kind === "missing") {
      this.output.warn(`tensorlens is not installed in ${interpreter.command}`);
      this.setState({ kind: "not-installed", interpreter });
      this.installPrompt.offer(interpreter);
      return;
    }
    if (presence.kind === "foreign") {
      // Like a missing package, but said plainly: `python -m tensorlens` would fail obscurely.
      this.output.warn(foreignPackageText(interpreter.command, presence.foreign));
      this.setState({ kind: "foreign", interpreter, foreign: presence.foreign });
      this.installPrompt.offer(interpreter, presence.foreign);
      return;
    }
    if (presence.kind === "no-interpreter") {
      this.output.error(`Cannot run ${interpreter.command}: ${presence.message}`);
      this.setState({ kind: "no-interpreter", interpreter, message: presence.message });
      this.reportOnce(`Cannot run the Python interpreter ${interpreter.command}: ${presence.message}`);
      return;
    }

    const client = this.createClient(launch);
    this.client = client;
    client.onDidChangeState((e) => {
      if (this.client !== client) return;
      if (e.newState === State.Running) this.setState({ kind: "running", interpreter });
      if (e.newState === State.Starting) this.setState({ kind: "starting" });
    });
    try {
      await client.start();
      // When the server dies during initialize, start() can resolve instead of
      // rejecting (vscode-languageclient 9 clears its start promise on close).
      if (client.state !== State.Running) throw new Error("the server process exited during start-up");
    } catch (e) {
      const message = `the language server did not start (${(e as Error).message}); see the TensorLens output`;
      this.output.error(message);
      this.client = undefined;
      this.setState({ kind: "failed", message });
      this.reportOnce(`TensorLens: ${message}`);
    }
  }

  private async doStop(after: ServerState): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      try {
        await client.stop();
      } catch (e) {
        this.output.warn(`Stopping the language server: ${(e as Error).message}`);
      }
    }
    this.setState(after);
  }

  private createClient(launch: PythonLaunch): LanguageClient {
    const serverOptions: ServerOptions = {
      command: launch.command,
      args: launch.args,
      options: { env: { ...launch.env, PYTHONUNBUFFERED: "1" } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: "python" },
        { scheme: "untitled", language: "python" },
        // Jupyter notebooks' Python cells: synced as notebookDocument/* (the server's notebookDocumentSync);
        // this entry lets hovers, quick fixes and inlay hints reach the cells.
        { scheme: "vscode-notebook-cell", language: "python" },
      ],
      diagnosticCollectionName: "tensorlens",
      outputChannel: this.output,
      initializationOptions: readSettings(),
      errorHandler: this.crashPolicy(),
    };
    // The id "tensorlens" makes the client honour `tensorlens.trace.server`.
    return new QuietLanguageClient("tensorlens", "TensorLens", serverOptions, clientOptions);
  }

  /**
   * Restart after a crash of a server that was running, but give up after
   * MAX_RESTARTS within RESTART_WINDOW_MS. A server that dies while starting is
   * not restarted: doStart reports that failure once.
   */
  private crashPolicy(): LanguageClientOptions["errorHandler"] {
    const crashes: number[] = [];
    return {
      error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue, handled: true }),
      closed: (): CloseHandlerResult => {
        if (this.current.kind !== "running") return { action: CloseAction.DoNotRestart, handled: true };
        const now = Date.now();
        crashes.push(now);
        while (crashes.length > 0 && now - crashes[0] > RESTART_WINDOW_MS) crashes.shift();
        if (crashes.length <= MAX_RESTARTS) {
          this.output.warn(`The language server exited; restarting (${crashes.length}/${MAX_RESTARTS})`);
          return { action: CloseAction.Restart, handled: true };
        }
        const message = `the language server crashed ${crashes.length} times in 3 minutes; it stays stopped until "TensorLens: Restart Server"`;
        this.output.error(message);
        this.client = undefined;
        this.setState({ kind: "failed", message });
        this.reportOnce(`TensorLens: ${message}.`);
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    };
  }

  private reportOnce(message: string): void {
    if (this.reportedFailures.has(message)) return;
    this.reportedFailures.add(message);
    void vscode.window.showErrorMessage(message, "Show Output").then((choice) => {
      if (choice === "Show Output") this.output.show();
    });
  }

  dispose(): void {
    void this.doStop({ kind: "stopped" });
    this.stateEmitter.dispose();
  }
}

/**
 * vscode-languageclient also pops up its own notifications on start failures
 * ("couldn't create connection to server"); LanguageServer reports each
 * failure once itself, so the client's errors go to the output channel only.
 */
class QuietLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown): void {
    super.error(message, data, false);
  }
}
