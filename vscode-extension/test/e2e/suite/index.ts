/**
 * extensionTestsPath: VS Code calls run() inside the extension host once the
 * workbench is up. It runs every *.test.js beside it with mocha and reports
 * the counts to the runner before returning (a rejection exits with code 1).
 */
import * as fs from "fs";
import Mocha from "mocha";
import * as path from "path";
import { format } from "util";
import { ask } from "./bridge";

export async function run(): Promise<void> {
  // Timeouts are a guard against hangs; each wait inside a test has its own limit.
  const mocha = new Mocha({ ui: "bdd", reporter: "spec", color: false, timeout: 180_000 });
  mocha.rootHooks({
    // What the workbench showed when a test failed, taken before the next test changes it.
    async afterEach(this: Mocha.Context) {
      const test = this.currentTest;
      if (test?.state === "failed") {
        const name = `failed-${test.fullTitle().replace(/[^\w]+/g, "-").slice(0, 80)}`;
        await ask({ action: "screenshot", name }).catch(() => undefined);
      }
    },
  });
  // runner.ts --grep PATTERN: run a subset while working on one feature.
  const grep = process.env.TL_E2E_GREP;
  if (grep !== undefined && grep.length > 0) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith(".test.js")).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  // The workbench forwards console.* unformatted and mixed with its own
  // messages, so the report travels to the runner with the results instead.
  const report: string[] = [];
  const consoleLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    report.push(format(...args));
    consoleLog(...args);
  };
  const failures: string[] = [];
  const stats = await new Promise<{ passes: number; failures: number }>((resolve) => {
    const runner = mocha.run(() => {
      resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0 });
    });
    runner.on("fail", (test, err: Error) => failures.push(`${test.fullTitle()}: ${err.message}`));
  });
  await ask({ action: "results", passed: stats.passes, failed: stats.failures, failures, report });
  if (stats.failures > 0) throw new Error(`${stats.failures} end-to-end tests failed`);
}
