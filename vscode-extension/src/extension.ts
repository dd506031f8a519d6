/**
 * TensorLens for VS Code: the language server's diagnostics, quick fixes and
 * hovers on Python files, a workspace-wide check, rule docs, and the tensors
 * of the selected stack frame while debugging.
 */
import * as fs from "fs";
import * as vscode from "vscode";
import { WorkspaceCheck } from "./commands/checkWorkspace";
import { RuleExplainer } from "./commands/explainRule";
import { FrameSnapshot, FrameWatcher } from "./debug/frameWatcher";
import { TensorRow } from "./debug/tensorTree";
import { SHOW_MORE_COMMAND, TensorView } from "./debug/tensorView";
import { GradGraphPanel, RenderedGraph, ViewportReport } from "./gradGraph/panel";
import { showGradGraph } from "./gradGraph/showGradGraph";
import { locateInstallSource } from "./server/installSource";
import { onDidChangePythonInterpreter } from "./server/interpreter";
import { chooseInterpreter } from "./server/interpreterPicker";
import { LanguageServer } from "./server/languageServer";
import { ServerState } from "./server/serverState";
import { ServerStatusBar } from "./server/statusBar";

/**
 * What `activate` returns: read-only views of the extension's state, for other
 * extensions and for the end-to-end tests, which assert on the data behind the
 * UI and on the rendered UI both.
 */
export interface TensorLensApi {
  readonly server: { readonly state: ServerState; readonly onDidChangeState: vscode.Event<ServerState> };
  readonly tensors: { readonly current: FrameSnapshot | undefined; readonly onDidRefresh: vscode.Event<FrameSnapshot> };
  readonly gradGraph: {
    readonly current: RenderedGraph | undefined;
    readonly onDidRender: vscode.Event<RenderedGraph>;
    /** The webview's last report of its zoom (after it fitted the graph, for one). */
    readonly viewport: ViewportReport | undefined;
  };
}

export function activate(context: vscode.ExtensionContext): TensorLensApi {
  const output = vscode.window.createOutputChannel("TensorLens", { log: true });
  // The wheel of TensorLens's Python package that the .vsix ships, for the
  // "Install" action and the debug view's advice (PyPI's `tensorlens` is another package).
  const { version } = context.extension.packageJSON as { version: string };
  const installSource = locateInstallSource(context.extensionPath, version, isFile);
  const server = new LanguageServer(output, installSource);
  const statusBar = new ServerStatusBar();
  const workspaceCheck = new WorkspaceCheck(() => server.state.kind === "running");
  const explainer = new RuleExplainer();
  const tensorView = new TensorView();
  const watcher = new FrameWatcher(tensorView, installSource);
  const gradGraphPanel = new GradGraphPanel();

  context.subscriptions.push(output, server, statusBar, workspaceCheck, explainer, tensorView, watcher, gradGraphPanel);
  context.subscriptions.push(
    server.onDidChangeState((state) => {
      statusBar.show(state);
    }),
    vscode.commands.registerCommand("tensorlens.checkWorkspace", () => reportFailure(() => workspaceCheck.run())),
    vscode.commands.registerCommand("tensorlens.explainRule", (code?: unknown) =>
      reportFailure(() => explainer.explain(typeof code === "string" ? code : undefined)),
    ),
    vscode.commands.registerCommand("tensorlens.restartServer", () => server.restart()),
    vscode.commands.registerCommand("tensorlens.chooseInterpreter", () => reportFailure(() => chooseInterpreter(() => server.restart()))),
    vscode.commands.registerCommand("tensorlens.showOutput", () => {
      output.show();
    }),
    vscode.commands.registerCommand("tensorlens.refreshTensors", () => watcher.refreshActive()),
    vscode.commands.registerCommand(SHOW_MORE_COMMAND, (row: TensorRow) => {
      tensorView.showMore(row);
    }),
    vscode.commands.registerCommand("tensorlens.showGradGraph", (row?: TensorRow) =>
      showGradGraph(watcher, gradGraphPanel, row),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("tensorlens.interpreter")) void server.restart();
      else if (e.affectsConfiguration("tensorlens.enable")) void server.applyEnablement();
      else if (e.affectsConfiguration("tensorlens")) void server.pushSettings();
    }),
  );
  // Not awaited: asking for the Python extension's API may activate it, and
  // TensorLens's own activation must not wait for that.
  void onDidChangePythonInterpreter(() => void server.restart()).then((d) => context.subscriptions.push(d));

  statusBar.show(server.state);
  // Not awaited: activation must not wait for Python to start.
  void server.start();

  return {
    server: {
      get state() {
        return server.state;
      },
      onDidChangeState: server.onDidChangeState,
    },
    tensors: {
      get current() {
        return watcher.current;
      },
      onDidRefresh: watcher.onDidRefresh,
    },
    gradGraph: {
      get current() {
        return gradGraphPanel.current;
      },
      onDidRender: gradGraphPanel.onDidRender,
      get viewport() {
        return gradGraphPanel.currentViewport;
      },
    },
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the language client stops with them.
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Commands report failures as one message instead of an unhandled rejection. */
async function reportFailure<T>(command: () => Promise<T>): Promise<T | undefined> {
  try {
    return await command();
  } catch (e) {
    if (e instanceof vscode.CancellationError) return undefined;
    void vscode.window.showErrorMessage(`TensorLens: ${(e as Error).message}`);
    return undefined;
  }
}
