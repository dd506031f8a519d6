/**
 * Which Python runs `python -m tensorlens`: the `tensorlens.interpreter`
 * setting, else the Python extension's active interpreter, else `python3` on
 * PATH. The language server, the workspace check and `explain` all use it.
 */
import * as path from "path";
import * as vscode from "vscode";

export type InterpreterSource = "setting" | "python-extension" | "path";

export interface Interpreter {
  readonly command: string;
  readonly source: InterpreterSource;
}

/** The slice of the Python extension's API (ms-python.python) used here. */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(env: { path: string }): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
  };
}

const PYTHON_EXTENSION = "ms-python.python";

export async function resolveInterpreter(resource?: vscode.Uri): Promise<Interpreter> {
  const setting = vscode.workspace.getConfiguration("tensorlens", resource).get<string>("interpreter", "").trim();
  if (setting.length > 0) return { command: expandSetting(setting, resource), source: "setting" };

  const fromExtension = await pythonExtensionInterpreter(resource);
  if (fromExtension !== undefined) return { command: fromExtension, source: "python-extension" };

  return { command: "python3", source: "path" };
}

/** `~`, `${workspaceFolder}` and workspace-relative paths of a path setting, expanded. */
export function expandSetting(value: string, resource?: vscode.Uri): string {
  const folder = (resource && vscode.workspace.getWorkspaceFolder(resource)) ?? vscode.workspace.workspaceFolders?.[0];
  const root = folder?.uri.fsPath;
  let expanded = value.replace(/^~(?=$|[\\/])/, process.env.HOME ?? "~");
  if (root !== undefined) expanded = expanded.replace(/\$\{workspaceFolder\}/g, root);
  // A bare name (python3.11) is looked up on PATH; a relative path is the workspace's.
  const isRelativePath = expanded.includes("/") && !path.isAbsolute(expanded);
  return isRelativePath && root !== undefined ? path.join(root, expanded) : expanded;
}

/** Whether the Python extension is installed (active or not). */
export function hasPythonExtension(): boolean {
  return vscode.extensions.getExtension(PYTHON_EXTENSION) !== undefined;
}

async function pythonExtensionApi(): Promise<PythonExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION);
  if (extension === undefined) return undefined;
  try {
    return extension.isActive ? extension.exports : await extension.activate();
  } catch {
    return undefined; // A broken Python extension must not keep TensorLens from starting.
  }
}

async function pythonExtensionInterpreter(resource?: vscode.Uri): Promise<string | undefined> {
  const environments = (await pythonExtensionApi())?.environments;
  if (environments === undefined) return undefined;
  try {
    const active = environments.getActiveEnvironmentPath(resource);
    // `path` may name an environment folder; resolving yields the executable.
    const resolved = await environments.resolveEnvironment(active);
    return resolved?.executable.uri?.fsPath ?? active.path;
  } catch {
    return undefined;
  }
}

/** Fires when the Python extension's selected interpreter changes. */
export async function onDidChangePythonInterpreter(listener: () => void): Promise<vscode.Disposable> {
  const environments = (await pythonExtensionApi())?.environments;
  return environments?.onDidChangeActiveEnvironmentPath(listener) ?? new vscode.Disposable(() => undefined);
}
