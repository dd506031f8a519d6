/**
 * The interpreters "Choose Interpreter" offers without the Python extension:
 * the Pythons on PATH and the virtual environments in the workspace's usual
 * folders. No VS Code here, and the file system is passed in: the unit tests
 * run it on a real temporary tree.
 */
import * as fs from "fs";
import * as path from "path";

/** Workspace folders where a project's environment usually lives. */
export const VENV_FOLDERS = [".venv", "venv", "env", ".conda"] as const;

export interface Candidate {
  /** What the setting stores: the executable's path. */
  readonly path: string;
  readonly origin: "path" | "workspace";
  /** `.venv` in `project`, or the PATH folder. */
  readonly where: string;
}

export interface FileSystemProbe {
  /** Names in a folder, [] when it cannot be read. */
  readonly listDir: (dir: string) => string[];
  readonly isExecutableFile: (file: string) => boolean;
  /** Resolves links, so `python3` and `python3.11` pointing at one binary are offered once. */
  readonly realPath: (file: string) => string;
}

/** The real file system. */
export const nodeFileSystem: FileSystemProbe = {
  listDir: (dir) => {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  },
  isExecutableFile: (file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
  realPath: (file) => fs.realpathSync(file),
};

export interface CandidateSearch {
  readonly pathVariable: string;
  readonly workspaceFolders: readonly string[];
  /**
   * Restricted Mode: an untrusted workspace's environments are not offered,
   * since running their interpreter runs code the workspace controls.
   */
  readonly workspaceTrusted: boolean;
  readonly platform: NodeJS.Platform;
}

/** `python`, `python3`, `python3.12`; not `python3-config` or `python3.12-dbg-config`. */
const PYTHON_NAME = /^python(3(\.\d+)?)?(\.exe)?$/i;

export function findInterpreters(search: CandidateSearch, files: FileSystemProbe): Candidate[] {
  const found: Candidate[] = [];
  const seen = new Set<string>();
  const add = (candidate: Candidate) => {
    if (!files.isExecutableFile(candidate.path)) return;
    const key = sameFolderTarget(files, candidate.path);
    if (seen.has(key)) return;
    seen.add(key);
    found.push(candidate);
  };
  // Workspace environments first: a project's own venv is what the user most likely wants.
  if (search.workspaceTrusted) {
    for (const folder of search.workspaceFolders) {
      for (const venv of VENV_FOLDERS) {
        const executable = venvExecutable(path.join(folder, venv), search.platform);
        add({ path: executable, origin: "workspace", where: `${venv} in ${path.basename(folder)}` });
      }
    }
  }
  const delimiter = search.platform === "win32" ? ";" : ":";
  for (const dir of search.pathVariable.split(delimiter).filter((d) => d.length > 0)) {
    const names = files.listDir(dir).filter((name) => PYTHON_NAME.test(name)).sort(byVersionDescending);
    for (const name of names) add({ path: path.join(dir, name), origin: "path", where: dir });
  }
  return found;
}

function venvExecutable(venv: string, platform: NodeJS.Platform): string {
  return platform === "win32" ? path.join(venv, "Scripts", "python.exe") : path.join(venv, "bin", "python");
}

/** python3.13 before python3.12 before python3 before python. */
function byVersionDescending(a: string, b: string): number {
  return b.localeCompare(a, "en", { numeric: true });
}

/**
 * `python3` -> `python3.12` in one folder is one interpreter; a venv's `python`
 * that links to /usr/bin/python3.12 is not (its pyvenv.cfg makes it another
 * environment), so a link is followed only when it stays in its folder.
 */
function sameFolderTarget(files: FileSystemProbe, file: string): string {
  try {
    const folder = files.realPath(path.dirname(file));
    const target = files.realPath(file);
    return path.dirname(target) === folder ? target : path.join(folder, path.basename(file));
  } catch {
    return file;
  }
}
