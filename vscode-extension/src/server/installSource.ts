/**
 * Where TensorLens's Python package comes from when an interpreter lacks it.
 * Never from PyPI by name: `tensorlens` there is an unrelated package. The
 * .vsix carries this project's own wheel (scripts/bundle-wheel.mjs builds it
 * into bundled/), and the Install action pip-installs that file. A build of
 * the extension without it (run from a checkout) can only say how to install
 * from a checkout. Pure: no vscode, no file system, so it is unit-tested.
 */
import * as path from "path";

export const BUNDLED_DIR = "bundled";

/**
 * The wheel that matches the extension: same version as its package.json. The
 * distribution is torch-tensorlens (pyproject.toml), its import name tensorlens.
 */
export function wheelFileName(version: string): string {
  return `torch_tensorlens-${version}-py3-none-any.whl`;
}

export type InstallSource =
  /** The wheel inside the installed extension, by absolute path. */
  | { readonly kind: "wheel"; readonly wheel: string }
  /** No wheel: the TensorLens checkout the extension sits in, if it does. */
  | { readonly kind: "checkout"; readonly checkout: string | undefined };

/**
 * The bundled wheel if `extensionPath/bundled` holds the one for `version`;
 * else the checkout around the extension (`vscode-extension/` inside the
 * repository) when there is one.
 */
export function locateInstallSource(
  extensionPath: string,
  version: string,
  isFile: (file: string) => boolean,
): InstallSource {
  const wheel = path.join(extensionPath, BUNDLED_DIR, wheelFileName(version));
  if (isFile(wheel)) return { kind: "wheel", wheel };
  const repository = path.dirname(extensionPath);
  const isCheckout =
    isFile(path.join(repository, "pyproject.toml")) && isFile(path.join(repository, "tensorlens", "__init__.py"));
  return { kind: "checkout", checkout: isCheckout ? repository : undefined };
}

/**
 * The arguments after the interpreter for the Install action, or undefined
 * when there is nothing to install from (the user is told how instead).
 */
export function installArgs(source: InstallSource): string[] | undefined {
  return source.kind === "wheel" ? ["-m", "pip", "install", source.wheel] : undefined;
}

/** The command a user can type: `<python> -m pip install <wheel or checkout>`. */
export function installCommandLine(python: string, source: InstallSource): string {
  const target =
    source.kind === "wheel" ? shellQuote(source.wheel) : source.checkout !== undefined ? shellQuote(source.checkout) : "<path to a TensorLens checkout>";
  return `${shellQuote(python)} -m pip install ${target}`;
}

/** The notification when the editor's interpreter lacks tensorlens. */
export function notInstalledMessage(python: string, source: InstallSource): string {
  return `TensorLens is not installed in ${python}. ${installAdvice(python, source, "Install it")}`;
}

/**
 * A package named tensorlens that is not TensorLens, found where Python would
 * import it from. PyPI's `tensorlens` (0.0.3: a tensor viewer) is one.
 */
export interface ForeignPackage {
  /** Its folder, or module file, on the interpreter's import path. */
  readonly location: string;
  /** The version of the distribution that owns it, when pip installed it. */
  readonly version: string | undefined;
}

/** What the interpreter has instead of TensorLens, in one sentence. */
export function foreignPackageText(python: string, foreign: ForeignPackage): string {
  const what =
    foreign.version !== undefined ? `tensorlens ${foreign.version}, an unrelated package from PyPI` : "an unrelated package of the same name";
  return `The tensorlens package in ${python} (${foreign.location}) is not TensorLens: it is ${what}.`;
}

/**
 * The notification when the editor's interpreter has a foreign tensorlens.
 * pip writes TensorLens's files over a package it installed (the distribution
 * names differ, torch-tensorlens and tensorlens, so pip does not uninstall the
 * other one first); a folder or file that shadows the name must go first.
 */
export function foreignPackageMessage(python: string, foreign: ForeignPackage, source: InstallSource): string {
  const install = foreign.version !== undefined ? "Install TensorLens in its place" : "Remove or rename it, then install TensorLens";
  return `${foreignPackageText(python, foreign)} ${installAdvice(python, source, install)}`;
}

/** "<install> to get …": with the bundled wheel, or from a checkout. */
function installAdvice(python: string, source: InstallSource, install: string): string {
  const gain = "to get PyTorch diagnostics, quick fixes and hovers";
  if (source.kind === "wheel") {
    return `${install} ${gain}: the extension pip-installs the TensorLens wheel it ships (${source.wheel}).`;
  }
  return `${install} ${gain} from a TensorLens checkout: ${installCommandLine(python, source)}`;
}

/**
 * What the debug view and the grad_fn command say when the debugged program's
 * Python lacks tensorlens. `python` is that interpreter when the launch
 * configuration names it.
 */
export function missingInDebuggeeMessage(python: string | undefined, source: InstallSource): string {
  const from = source.kind === "wheel" ? "the TensorLens wheel this extension ships" : "a TensorLens checkout";
  return (
    "TensorLens is not installed in the debugged program's Python, so its tensors cannot be shown. " +
    `Install ${from} into that Python (${installCommandLine(python ?? "python", source)}) and restart the session.`
  );
}

/** The interpreter a debugpy/python launch configuration runs, if it says. */
export function configuredPython(configuration: { readonly [key: string]: unknown }): string | undefined {
  for (const key of ["python", "pythonPath"]) {
    const value = configuration[key];
    if (typeof value === "string" && value.length > 0 && !value.includes("${")) return value;
    const first: unknown = Array.isArray(value) ? value[0] : undefined;
    if (typeof first === "string" && first.length > 0) return first;
  }
  return undefined;
}

/** Quotes a path for a POSIX shell only when it needs it, so messages stay readable. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
