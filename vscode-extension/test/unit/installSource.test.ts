import * as assert from "assert";
import {
  configuredPython,
  foreignPackageMessage,
  foreignPackageText,
  installArgs,
  installCommandLine,
  locateInstallSource,
  missingInDebuggeeMessage,
  notInstalledMessage,
  shellQuote,
  wheelFileName,
} from "../../src/server/installSource";

const EXTENSION = "/home/u/.vscode/extensions/tensorlens.tensorlens-0.1.0";
const WHEEL = `${EXTENSION}/bundled/torch_tensorlens-0.1.0-py3-none-any.whl`;
const NO_PYPI = /pip install tensorlens\b/;

/** A file system that holds exactly `files`. */
const only =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);

describe("where TensorLens is installed from", () => {
  it("names the wheel of the extension's own version", () => {
    assert.strictEqual(wheelFileName("0.1.0"), "torch_tensorlens-0.1.0-py3-none-any.whl");
  });

  it("uses the wheel bundled in the extension, by absolute path", () => {
    const source = locateInstallSource(EXTENSION, "0.1.0", only(WHEEL));
    assert.deepStrictEqual(source, { kind: "wheel", wheel: WHEEL });
    assert.deepStrictEqual(installArgs(source), ["-m", "pip", "install", WHEEL]);
  });

  it("ignores a wheel of another version", () => {
    const source = locateInstallSource(EXTENSION, "0.2.0", only(WHEEL));
    assert.deepStrictEqual(source, { kind: "checkout", checkout: undefined });
    assert.strictEqual(installArgs(source), undefined);
  });

  it("without a wheel, points at the checkout the extension sits in", () => {
    const source = locateInstallSource("/src/tl/vscode-extension", "0.1.0", only("/src/tl/pyproject.toml", "/src/tl/tensorlens/__init__.py"));
    assert.deepStrictEqual(source, { kind: "checkout", checkout: "/src/tl" });
    assert.strictEqual(installArgs(source), undefined, "nothing to run: the user is told");
    assert.strictEqual(installCommandLine("/venv/bin/python", source), "/venv/bin/python -m pip install /src/tl");
  });

  it("a folder with some other pyproject.toml is not a checkout", () => {
    const source = locateInstallSource("/src/app/vscode-extension", "0.1.0", only("/src/app/pyproject.toml"));
    assert.deepStrictEqual(source, { kind: "checkout", checkout: undefined });
    assert.strictEqual(installCommandLine("python3", source), "python3 -m pip install <path to a TensorLens checkout>");
  });
});

describe("what the user is told", () => {
  const wheel = { kind: "wheel", wheel: WHEEL } as const;
  const unknown = { kind: "checkout", checkout: undefined } as const;

  const pypiPackage = { location: "/venv/lib/python3.11/site-packages/tensorlens", version: "0.0.3" };
  const sameName = { location: "/work/tensorlens.py", version: undefined };

  it("never says to pip install tensorlens from PyPI", () => {
    for (const source of [wheel, unknown, { kind: "checkout", checkout: "/src/tl" } as const]) {
      assert.doesNotMatch(notInstalledMessage("python3", source), NO_PYPI);
      assert.doesNotMatch(foreignPackageMessage("python3", pypiPackage, source), NO_PYPI);
      assert.doesNotMatch(foreignPackageMessage("python3", sameName, source), NO_PYPI);
      assert.doesNotMatch(missingInDebuggeeMessage(undefined, source), NO_PYPI);
      assert.doesNotMatch(missingInDebuggeeMessage("/usr/bin/python3", source), NO_PYPI);
    }
  });

  it("the editor's notification names the interpreter and the bundled wheel", () => {
    const message = notInstalledMessage("/venv/bin/python", wheel);
    assert.ok(message.startsWith("TensorLens is not installed in /venv/bin/python."), message);
    assert.ok(message.includes(WHEEL), message);
  });

  it("without a wheel, the notification gives the command for a checkout", () => {
    assert.ok(notInstalledMessage("python3", unknown).endsWith("python3 -m pip install <path to a TensorLens checkout>"));
  });

  it("the debug view gives the command with the debuggee's interpreter and the wheel", () => {
    assert.strictEqual(
      missingInDebuggeeMessage("/usr/bin/python3", wheel),
      "TensorLens is not installed in the debugged program's Python, so its tensors cannot be shown. " +
        `Install the TensorLens wheel this extension ships into that Python (/usr/bin/python3 -m pip install ${WHEEL}) ` +
        "and restart the session.",
    );
    assert.ok(missingInDebuggeeMessage(undefined, wheel).includes(`(python -m pip install ${WHEEL})`));
  });

  it("says plainly that PyPI's tensorlens is another package, where it is, and that TensorLens replaces it", () => {
    assert.strictEqual(
      foreignPackageMessage("/venv/bin/python", pypiPackage, wheel),
      "The tensorlens package in /venv/bin/python (/venv/lib/python3.11/site-packages/tensorlens) is not TensorLens: " +
        "it is tensorlens 0.0.3, an unrelated package from PyPI. " +
        `Install TensorLens in its place to get PyTorch diagnostics, quick fixes and hovers: the extension pip-installs the TensorLens wheel it ships (${WHEEL}).`,
    );
    const fromCheckout = foreignPackageMessage("python3", pypiPackage, unknown);
    assert.ok(fromCheckout.startsWith(foreignPackageText("python3", pypiPackage)), fromCheckout);
    assert.ok(fromCheckout.endsWith("from a TensorLens checkout: python3 -m pip install <path to a TensorLens checkout>"), fromCheckout);
  });

  it("asks to move a same-named package pip did not install out of the way", () => {
    assert.strictEqual(
      foreignPackageText("python3", sameName),
      "The tensorlens package in python3 (/work/tensorlens.py) is not TensorLens: it is an unrelated package of the same name.",
    );
    assert.ok(foreignPackageMessage("python3", sameName, wheel).includes(" Remove or rename it, then install TensorLens to get "));
  });

  it("quotes paths only when a shell needs it", () => {
    assert.strictEqual(shellQuote("/a/b-c_d.whl"), "/a/b-c_d.whl");
    assert.strictEqual(shellQuote("/My Extensions/x.whl"), "'/My Extensions/x.whl'");
    assert.strictEqual(shellQuote("/it's"), `'/it'\\''s'`);
    const spaced = { kind: "wheel", wheel: "/My Extensions/t.whl" } as const;
    assert.strictEqual(installCommandLine("python", spaced), "python -m pip install '/My Extensions/t.whl'");
    // The task passes arguments without a shell: no quotes there.
    assert.deepStrictEqual(installArgs(spaced), ["-m", "pip", "install", "/My Extensions/t.whl"]);
  });
});

describe("the debuggee's interpreter from its launch configuration", () => {
  it("reads `python` as a string or as a command list", () => {
    assert.strictEqual(configuredPython({ python: "/venv/bin/python" }), "/venv/bin/python");
    assert.strictEqual(configuredPython({ python: ["/venv/bin/python", "-X", "dev"] }), "/venv/bin/python");
  });

  it("is unknown when not given or not yet substituted", () => {
    assert.strictEqual(configuredPython({ request: "attach" }), undefined);
    assert.strictEqual(configuredPython({ python: "${command:python.interpreterPath}" }), undefined);
    assert.strictEqual(configuredPython({ python: [] }), undefined);
  });
});
