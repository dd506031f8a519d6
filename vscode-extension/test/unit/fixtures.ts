/** Real helper output, captured from tensorlens.runtime.editor_view with torch. */
import * as fs from "fs";
import * as path from "path";

// Compiled tests live in out/test/unit; the JSON stays in the source tree.
const FIXTURES = path.resolve(__dirname, "../../../test/unit/fixtures");

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), "utf8");
}
