/**
 * End-to-end tests in a real VS Code: code-server serves the workbench,
 * headless Debian chromium renders it, and VS Code's own extension-test
 * entry points (extensionDevelopmentPath, extensionTestsPath), passed through
 * the workbench's `payload` parameter, run the mocha suite in test/e2e/suite
 * inside the extension host with the full vscode API.
 *
 * Usage: node out/test/e2e/runner.js --code-server PATH [--vsix FILE] [--grep PATTERN] [--update-images]
 * Env:   TL_PYTHON  interpreter with tensorlens, torch and debugpy (default <repo>/.venv/bin/python)
 * Ends with a line `e2e: N passed, N failed`.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { format } from "util";
import { chromium } from "playwright-core";
import { BUNDLED_DIR, wheelFileName } from "../../src/server/installSource";
import { installVsix, prepareHome, startCodeServer } from "./codeServer";
import { Results, UiBridge } from "./uiBridge";

const EXTENSION_DIR = path.resolve(__dirname, "../../..");
const OUTPUT = path.join(EXTENSION_DIR, "test-output");
const EXTENSION_ID = "tensorlens.tensorlens";
// A guard against a hung workbench, not an assertion: the suite takes ~30 s.
const RUN_LIMIT_MS = 8 * 60 * 1000;

interface Options {
  codeServer: string;
  vsix: string | undefined;
  updateImages: boolean;
  grep: string;
  python: string;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const codeServer = value("--code-server");
  if (codeServer === undefined) throw new Error("--code-server PATH is required");
  return {
    codeServer,
    vsix: value("--vsix"),
    updateImages: argv.includes("--update-images"),
    grep: value("--grep") ?? "",
    python: process.env.TL_PYTHON ?? path.resolve(EXTENSION_DIR, "../.venv/bin/python"),
  };
}

/** The folder VS Code opens: a fresh copy, since the quick-fix test edits it. */
function prepareWorkspace(python: string): string {
  const workspace = path.join(OUTPUT, "workspace");
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.cpSync(path.join(EXTENSION_DIR, "test/e2e/workspace"), workspace, { recursive: true });
  fs.mkdirSync(path.join(workspace, ".vscode"), { recursive: true });
  fs.writeFileSync(
    path.join(workspace, ".vscode/settings.json"),
    JSON.stringify({ "tensorlens.interpreter": python, "tensorlens.trace.server": "messages" }, null, 2),
  );
  return workspace;
}

/**
 * Installs test/e2e/debugpy-shim by copying it into the extensions folder:
 * code-server's remote host loads only one extensionDevelopmentPath, and that
 * one is TensorLens.
 */
function installDebugpyShim(extensionsDir: string): void {
  const shim = path.join(extensionsDir, "tensorlens-tests.debugpy-shim-0.0.1");
  fs.cpSync(path.join(EXTENSION_DIR, "test/e2e/debugpy-shim"), shim, { recursive: true });
}

const USER_SETTINGS = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "extensions.ignoreRecommendations": true,
  "extensions.autoCheckUpdates": false,
  "telemetry.telemetryLevel": "off",
  // debugpy opens ports; forwarding them would pop up notifications.
  "remote.autoForwardPorts": false,
  "update.mode": "none",
  "git.openRepositoryInParentFolders": "never",
  "window.commandCenter": false,
  "editor.minimap.enabled": false,
  "debug.internalConsoleOptions": "neverOpen",
};

function extensionVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

/**
 * The suite loads the extension from this folder, whose bundled/ holds the
 * wheel only after `npm run package` or `npm run bundle-wheel`: build it when
 * it is missing, so a run on its own tests the Install action too.
 */
function ensureBundledWheel(): void {
  if (fs.existsSync(path.join(EXTENSION_DIR, BUNDLED_DIR, wheelFileName(extensionVersion())))) return;
  execFileSync(process.execPath, [path.join(EXTENSION_DIR, "scripts/bundle-wheel.mjs")], { stdio: "inherit" });
}

function vsixCheck(options: Options): Results {
  if (options.vsix === undefined) return { passed: 0, failed: 0, failures: [] };
  const name = "the .vsix installs into code-server with --install-extension, with the TensorLens wheel inside";
  try {
    const home = prepareHome(path.join(OUTPUT, "vsix-install"), {});
    const listed = installVsix(options.codeServer, home, options.vsix);
    const version = extensionVersion();
    const installed = listed.some((l) => l === `${EXTENSION_ID}@${version}`);
    // What the Install action pip-installs, where the installed extension finds it.
    const wheel = path.join(home.extensionsDir, `${EXTENSION_ID}-${version}`, BUNDLED_DIR, wheelFileName(version));
    const hasWheel = fs.existsSync(wheel);
    const ok = installed && hasWheel;
    console.log(
      `  ${ok ? "✔" : "✘"} ${name} (${listed.join(", ") || "nothing listed"}; ${hasWheel ? "" : "no "}${path.relative(home.extensionsDir, wheel)})`,
    );
    return ok ? { passed: 1, failed: 0, failures: [] } : { passed: 0, failed: 1, failures: [name] };
  } catch (e) {
    console.log(`  ✘ ${name}: ${(e as Error).message}`);
    return { passed: 0, failed: 1, failures: [name] };
  }
}

async function runSuite(options: Options): Promise<Results> {
  const home = prepareHome(path.join(OUTPUT, "code-server"), USER_SETTINGS);
  const workspace = prepareWorkspace(options.python);
  installDebugpyShim(home.extensionsDir);
  const screenshots = path.join(OUTPUT, "screenshots");
  fs.rmSync(screenshots, { recursive: true, force: true });

  const browser = await chromium.launch({
    executablePath: process.env.TL_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const bridge = new UiBridge(page, screenshots);
  const bridgeUrl = await bridge.listen();
  const server = await startCodeServer(
    options.codeServer,
    home,
    { TL_PYTHON: options.python, TL_E2E_BRIDGE: bridgeUrl, TL_E2E_GREP: options.grep },
    path.join(OUTPUT, "code-server.log"),
  );
  const browserLog = fs.createWriteStream(path.join(OUTPUT, "workbench.log"));
  try {
    page.on("console", (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on("pageerror", (e) => browserLog.write(`[pageerror] ${e.message}\n`));
    // The workbench calls these when the page defines them, as in VS Code's own
    // browser integration tests: console.* of the extension host, and the end.
    await page.exposeFunction("codeAutomationLog", (type: string, args: unknown[]) => {
      browserLog.write(`[exthost ${type}] ${format(...args)}\n`);
    });
    let exit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => {
      exit = resolve;
    });
    await page.exposeFunction("codeAutomationExit", (code: number) => {
      exit(code);
    });

    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ["extensionDevelopmentPath", remote(EXTENSION_DIR)],
      ["extensionTestsPath", remote(path.join(EXTENSION_DIR, "out/test/e2e/suite/index.js"))],
      ["skipWelcome", "true"],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);

    const timeout = new Promise<number>((resolve) => {
      setTimeout(() => {
        resolve(-1);
      }, RUN_LIMIT_MS).unref();
    });
    const code = await Promise.race([exitCode, timeout]);
    if (code === -1) {
      await page.screenshot({ path: path.join(OUTPUT, "hung.png") }).catch(() => undefined);
      return { passed: 0, failed: 1, failures: [`the suite did not finish within ${RUN_LIMIT_MS / 60000} minutes`] };
    }
    const results = bridge.results ?? { passed: 0, failed: 1, failures: ["the suite reported no results"] };
    // A crash after the last test still fails the run.
    if (code !== 0 && results.failed === 0) return { ...results, failed: 1, failures: [`exit code ${code}`] };
    return results;
  } finally {
    browserLog.end();
    bridge.close();
    await browser.close();
    await server.stop();
  }
}

function updateImages(): void {
  const shots = path.join(OUTPUT, "screenshots");
  for (const [shot, image] of [
    ["grad-graph.png", "screenshot-grad-graph.png"],
    ["diagnostics.png", "screenshot-diagnostics.png"],
  ] as const) {
    const from = path.join(shots, shot);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(EXTENSION_DIR, "images", image));
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  fs.mkdirSync(OUTPUT, { recursive: true });
  const install = vsixCheck(options);
  let suite: Results;
  try {
    ensureBundledWheel();
    suite = await runSuite(options);
  } catch (e) {
    console.log(`e2e harness failed: ${(e as Error).stack ?? String(e)}`);
    suite = { passed: 0, failed: 1, failures: ["the e2e harness"] };
  }
  if (options.updateImages && suite.failed === 0) updateImages();
  const passed = install.passed + suite.passed;
  const failed = install.failed + suite.failed;
  for (const f of [...install.failures, ...suite.failures]) console.log(`  failed: ${f}`);
  console.log(`screenshots and logs: ${OUTPUT}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

void main();
