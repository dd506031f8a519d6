import * as assert from "assert";
import { parseFrameReport } from "../../src/contracts/frameReport";
import { PAGE_SIZE, pageRows, PageState, ROOT } from "../../src/debug/paging";
import { buildTensorRows, TensorRow } from "../../src/debug/tensorTree";

/** A frame_json answer for a frame holding `count` tensors `t0`, `t1`, ... and `big`, a dict the helper cut. */
function bigFrame(count: number): TensorRow[] {
  const tensors = Array.from({ length: count }, (_, i) => ({
    id: `t${i}`,
    name: `t${i}`,
    shape: [3],
    dtype: "float32",
    device: "cpu",
    requires_grad: false,
    is_leaf: true,
    grad_fn: null,
    module: null,
    kind: "tensor",
    numel: 3,
    summary: `tensor[3] f32 cpu`,
    same_as: null,
  }));
  const answer = parseFrameReport(
    JSON.stringify({
      version: 1,
      tensors,
      modules: [],
      devices: ["cpu"],
      device_mixture: false,
      numpy_shares: [],
      truncated: false,
      unlisted: [{ name: "big", entries: 4936 }],
      skipped: [],
    }),
  );
  if (!answer.ok) throw new Error(answer.error);
  return buildTensorRows(answer.report);
}

describe("the debug view's pages of rows", () => {
  it("shows the first page and a row that says how many more", () => {
    const rows = bigFrame(250);
    const page = pageRows(rows, PAGE_SIZE, ROOT);
    assert.strictEqual(page.length, PAGE_SIZE + 1);
    const more = page[PAGE_SIZE];
    assert.strictEqual(more.kind, "more");
    assert.strictEqual(more.label, `… ${rows.length - PAGE_SIZE} more`);
    assert.strictEqual(more.description, `show the next ${PAGE_SIZE}`);
    assert.strictEqual(more.pageOf, ROOT);
    assert.strictEqual(more.expression, null, "no grad_fn graph of a 'more' row");
  });

  it("adds a page per click until every row is shown", () => {
    const rows = bigFrame(250);
    const pages = new PageState();
    pages.showMore(ROOT);
    assert.strictEqual(pageRows(rows, pages.shownOf(ROOT), ROOT).length, 2 * PAGE_SIZE + 1);
    pages.showMore(ROOT);
    const all = pageRows(rows, pages.shownOf(ROOT), ROOT);
    assert.deepStrictEqual(all, rows);
    pages.reset();
    assert.strictEqual(pages.shownOf(ROOT), PAGE_SIZE);
  });

  it("says which container's entries were never read", () => {
    const rows = bigFrame(3);
    const unlisted = rows.find((r) => r.kind === "unlisted");
    assert.ok(unlisted);
    assert.strictEqual(unlisted.label, "big: 4.9k more entries");
    assert.match(unlisted.tooltip, /4,936 more entries/);
  });
});
