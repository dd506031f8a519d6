// Only the extension that defines a debug type may register its adapter
// factory, so the tests load this one next to TensorLens. TL_PYTHON is set by
// test/e2e/runner.ts for code-server, whose extension host inherits it.
const vscode = require("vscode");

exports.activate = (context) => {
  const python = process.env.TL_PYTHON || "python3";
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory("debugpy", {
      createDebugAdapterDescriptor: () => new vscode.DebugAdapterExecutable(python, ["-m", "debugpy.adapter"]),
    }),
  );
};
