/**
 * "TensorLens: Choose Interpreter": a Quick Pick of the Pythons on PATH and the
 * workspace's environments, plus "Enter path...", that stores the choice in
 * `tensorlens.interpreter` (the server restarts on that setting's change).
 * With the Python extension installed its own picker is offered first, and
 * choosing it clears the setting so that its selection is used again.
 */
import * as vscode from "vscode";
import { Candidate, findInterpreters, nodeFileSystem } from "./interpreterCandidates";
import { hasPythonExtension, resolveInterpreter } from "./interpreter";

interface PickItem extends vscode.QuickPickItem {
  readonly action: { kind: "use"; path: string } | { kind: "enter" } | { kind: "python-extension" };
}


/** Shows the picker; resolves to the stored path, "" for the Python extension's choice, undefined if dismissed. */
export async function chooseInterpreter(restart: () => Promise<void>): Promise<string | undefined> {
  const current = await resolveInterpreter();
  const items = pickItems(current.command);
  const picked = await vscode.window.showQuickPick(items, {
    title: "TensorLens: Python interpreter that runs tensorlens",
    placeHolder: `Now: ${current.command}`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked === undefined) return undefined;
  let chosen: string | undefined;
  switch (picked.action.kind) {
    case "use":
      chosen = picked.action.path;
      break;
    case "enter":
      chosen = await enterPath();
      break;
    case "python-extension":
      await vscode.commands.executeCommand("python.setInterpreter");
      chosen = "";
      break;
  }
  if (chosen === undefined) return undefined;
  await store(chosen, restart);
  return chosen;
}

function pickItems(current: string): PickItem[] {
  const items: PickItem[] = [];
  if (hasPythonExtension()) {
    items.push({
      label: "$(python) Use the Python extension's interpreter…",
      detail: "Opens its picker; TensorLens follows its selection.",
      action: { kind: "python-extension" },
    });
  }
  const candidates = findInterpreters(
    {
      pathVariable: process.env.PATH ?? "",
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
      workspaceTrusted: vscode.workspace.isTrusted,
      platform: process.platform,
    },
    nodeFileSystem,
  );
  const group = (origin: Candidate["origin"], label: string) => {
    const inGroup = candidates.filter((c) => c.origin === origin);
    if (inGroup.length === 0) return;
    items.push({ label, kind: vscode.QuickPickItemKind.Separator, action: { kind: "enter" } });
    for (const c of inGroup) {
      items.push({
        label: c.path === current ? `$(check) ${c.path}` : c.path,
        description: c.where,
        action: { kind: "use", path: c.path },
      });
    }
  };
  group("workspace", "Workspace environments");
  group("path", "On PATH");
  if (!vscode.workspace.isTrusted) {
    items.push({
      label: "Workspace environments are not listed in Restricted Mode",
      kind: vscode.QuickPickItemKind.Separator,
      action: { kind: "enter" },
    });
  }
  items.push({ label: "$(folder-opened) Enter path…", detail: "The path of a python executable.", action: { kind: "enter" } });
  return items;
}

async function enterPath(): Promise<string | undefined> {
  const entered = await vscode.window.showInputBox({
    title: "TensorLens: Python interpreter",
    prompt: "Path of the python executable that runs tensorlens",
    placeHolder: "/path/to/.venv/bin/python",
    validateInput: (value) => {
      const trimmed = value.trim();
      if (trimmed.length === 0) return "Enter a path.";
      // A bare name (python3.11) is looked up on PATH, as the setting allows.
      if (!trimmed.includes("/") && !trimmed.includes("\\")) return undefined;
      return nodeFileSystem.isExecutableFile(trimmed) ? undefined : `${trimmed} is not an executable file.`;
    },
  });
  return entered?.trim();
}

/**
 * Per workspace when one is open and trusted (a project's venv belongs to it);
 * else in the user's settings, the only ones Restricted Mode reads for this setting.
 */
async function store(value: string, restart: () => Promise<void>): Promise<void> {
  const config = vscode.workspace.getConfiguration("tensorlens");
  const target =
    vscode.workspace.workspaceFolders !== undefined && vscode.workspace.isTrusted
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  const before = config.inspect<string>("interpreter");
  const unchanged = (target === vscode.ConfigurationTarget.Workspace ? before?.workspaceValue : before?.globalValue) === value;
  await config.update("interpreter", value === "" ? undefined : value, target);
  // The configuration listener restarts the server on a change; the same choice again restarts it here.
  if (unchanged) await restart();
}
