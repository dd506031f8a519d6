// Runs the unit tests (no VS Code; the probe tests start real Python interpreters,
// $TL_PYTHON or ../.venv/bin/python) compiled into out/test/unit,
// and ends with a line `unit: N passed, N failed` that scripts/test.sh adds up.
import Mocha from "mocha";
import { readdirSync } from "fs";
import { join } from "path";

const dir = "out/test/unit";
const mocha = new Mocha({ reporter: "spec", timeout: 10_000 });
for (const file of readdirSync(dir).filter((f) => f.endsWith(".test.js")).sort()) {
  mocha.addFile(join(dir, file));
}
const runner = mocha.run(() => {
  const { passes, failures } = runner.stats;
  console.log(`unit: ${passes} passed, ${failures} failed`);
  process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
});
