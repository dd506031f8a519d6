/**
 * Starts code-server (a real VS Code 1.100 workbench served over HTTP) in
 * folders of its own, so a test run reads no user's settings and leaves no
 * state behind.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";

export interface CodeServerHome {
  readonly root: string;
  readonly home: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly config: string;
}

export function prepareHome(root: string, userSettings: object): CodeServerHome {
  fs.rmSync(root, { recursive: true, force: true });
  const home = path.join(root, "home");
  const userDataDir = path.join(root, "user-data");
  const extensionsDir = path.join(root, "extensions");
  for (const dir of [home, path.join(userDataDir, "User"), extensionsDir]) fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, "User", "settings.json"), JSON.stringify(userSettings, null, 2));
  const config = path.join(root, "config.yaml");
  // Without --config, code-server writes one with a random password into ~/.config.
  fs.writeFileSync(config, "auth: none\ncert: false\n");
  return { root, home, userDataDir, extensionsDir, config };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => {
        resolve(address.port);
      });
    });
  });
}

function baseArgs(home: CodeServerHome): string[] {
  return ["--config", home.config, "--user-data-dir", home.userDataDir, "--extensions-dir", home.extensionsDir];
}

function isolatedEnv(home: CodeServerHome, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home.home,
    XDG_CONFIG_HOME: path.join(home.home, ".config"),
    XDG_DATA_HOME: path.join(home.home, ".local/share"),
    XDG_CACHE_HOME: path.join(home.home, ".cache"),
    ...extra,
  };
}

/** `--install-extension` then `--list-extensions`: the .vsix as a user installs it. */
export function installVsix(codeServer: string, home: CodeServerHome, vsix: string): string[] {
  const env = isolatedEnv(home);
  execFileSync(codeServer, [...baseArgs(home), "--install-extension", vsix], { env, stdio: "pipe", timeout: 120_000 });
  const listed = execFileSync(codeServer, [...baseArgs(home), "--list-extensions", "--show-versions"], {
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return listed.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
}

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startCodeServer(
  codeServer: string,
  home: CodeServerHome,
  env: Record<string, string>,
  logFile: string,
): Promise<RunningCodeServer> {
  const port = await freePort();
  const log = fs.openSync(logFile, "w");
  const child: ChildProcess = spawn(
    codeServer,
    [
      ...baseArgs(home),
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
    ],
    // Its own process group, so stop() ends the extension host, language
    // server and debug adapter it started along with it.
    { env: isolatedEnv(home, env), stdio: ["ignore", log, log], detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  const life = { running: true };
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      life.running = false;
      resolve();
    });
  });
  await waitForHttp(`${url}/healthz`, life);
  const signal = (name: NodeJS.Signals) => {
    if (child.pid === undefined || !life.running) return;
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  return {
    url,
    port,
    stop: async () => {
      signal("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      signal("SIGKILL");
      fs.closeSync(log);
    },
  };
}

/** Polls until code-server answers; fails at once if it exits first. */
async function waitForHttp(url: string, life: { readonly running: boolean }): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!life.running) throw new Error("code-server exited during start-up; see its log");
    const up = await new Promise<boolean>((resolve) => {
      http.get(url, (res) => {
        res.resume();
        resolve((res.statusCode ?? 500) < 500);
      }).on("error", () => {
        resolve(false);
      });
    });
    if (up) return;
    await new Promise((r) => {
      setTimeout(r, 250);
    });
  }
  throw new Error(`code-server did not answer on ${url} within 60 s`);
}
