/** A frame with thousands of tensors (issue 21): the view lists a page of rows, says what it left out, and pages on. */
import * as assert from "assert";
import * as vscode from "vscode";
import { PAGE_SIZE } from "../../../src/debug/paging";
import { debugUntilBreakpoint, endSession } from "./c-debugger.test";
import { ask } from "./bridge";
import { extensionApi, python, waitFor } from "./waits";

describe("a big frame", () => {
  it("lists a dict of 5,000 and a list of 10,000 tensors a page at a time", async () => {
    const api = await extensionApi();
    const session = await debugUntilBreakpoint("big_frame.py", python());
    try {
      const snapshot = await waitFor("the big frame in the TensorLens view", () => {
        const current = api.tensors.current;
        return current?.session.id === session.id && current.rows.length > 0 ? current : undefined;
      });
      const labels = snapshot.rows.map((r) => r.label);
      assert.ok(labels.includes('features["k0"]') && labels.includes("batch[0]"), labels.slice(0, 5).join(", "));
      assert.ok(labels.includes("features: 4.9k more entries"), "the dict's unread entries are counted");
      assert.ok(labels.includes("batch: 9.9k more entries"), "the list's unread entries are counted");
      assert.ok(snapshot.rows.length > PAGE_SIZE, `${snapshot.rows.length} rows: more than a page`);

      // What the tree draws: a page and its "more" row, at the bottom of the view.
      await vscode.commands.executeCommand("tensorlens.tensors.focus");
      await waitFor("the frame's rows in the workbench", async () => {
        const { rows } = await ask({ action: "viewRows", view: "TensorLens" });
        return rows.some((r) => r.text.startsWith('features["k0"]'));
      });
      await waitFor("the '… N more' row on screen", async () => {
        await ask({ action: "scrollViewToEnd", view: "TensorLens" });
        const { rows } = await ask({ action: "viewRows", view: "TensorLens" });
        if (rows.some((r) => r.text.startsWith("… ") && r.text.includes("more"))) return true;
        throw new Error(`on screen: ${rows.map((r) => r.text).join(" | ")}`);
      });
      await ask({ action: "screenshot", name: "big-frame" });
      // Only the "more" row holds an ellipsis; its label and description are separate elements.
      const { clicked } = await ask({ action: "clickRow", view: "TensorLens", text: "…" });
      assert.ok(clicked);
      // The last row of the frame is on screen once the next page is shown.
      const last = snapshot.rows[snapshot.rows.length - 1].label;
      await waitFor(`the frame's last row ${last} after the next page`, async () => {
        await ask({ action: "scrollViewToEnd", view: "TensorLens" });
        const { rows } = await ask({ action: "viewRows", view: "TensorLens" });
        return rows.some((r) => r.text.startsWith(last)) && !rows.some((r) => r.text.startsWith("… "));
      });
    } finally {
      await endSession(session);
    }
  });
});
