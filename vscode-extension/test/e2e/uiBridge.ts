/**
 * The runner's side of the bridge: answers the extension-host tests with what
 * the browser shows, and takes screenshots on request.
 */
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import type { Locator, Page } from "playwright-core";
import { BridgeAnswers, BridgeRequest, ListRow, WebviewSnapshot } from "./bridgeProtocol";

export interface Results {
  passed: number;
  failed: number;
  failures: readonly string[];
}

export class UiBridge {
  private server: http.Server | undefined;
  results: Results | undefined;

  constructor(
    private readonly page: Page,
    private readonly screenshotDir: string,
  ) {}

  async listen(): Promise<string> {
    const server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  close(): void {
    this.server?.close();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const request = JSON.parse(Buffer.concat(chunks).toString("utf8")) as BridgeRequest;
      const answer = await this.answer(request);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    } catch (e) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: (e as Error).message }));
    }
  }

  private async answer(request: BridgeRequest): Promise<BridgeAnswers[BridgeRequest["action"]]> {
    switch (request.action) {
      case "screenshot":
        return this.screenshot(request.name);
      case "viewRows":
        return { rows: await this.viewRows(request.view) };
      case "clickRow": {
        const row = this.pane(request.view).locator(".monaco-list-row", { hasText: request.text }).first();
        if ((await row.count()) === 0) return { clicked: false };
        await row.click();
        return { clicked: true };
      }
      case "clickRowAction":
        return { clicked: await this.clickRowAction(request.view, request.row, request.actionLabel) };
      case "widenSidebar":
        return { width: await this.widenSidebar(request.pixels) };
      case "gradGraphWebview":
        return { graph: await this.gradGraphWebview() };
      case "visibleTexts":
        return { texts: await this.visibleTexts(request.selector) };
      case "clickNotificationButton":
        return { clicked: await this.clickNotificationButton(request.message, request.button) };
      case "clickGraphModule":
        return { clicked: await this.clickGraphModule(request.module) };
      case "scrollViewToEnd": {
        // The wheel over the list: a virtual list draws only the rows in sight.
        const box = await this.pane(request.view).locator(".pane-body .monaco-list").first().boundingBox();
        if (box === null) return { ok: false };
        await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        for (let i = 0; i < 20; i++) await this.page.mouse.wheel(0, 2000);
        return { ok: true };
      }
      case "clickQuickPickItem": {
        const row = this.page.locator(".quick-input-widget .monaco-list-row", { hasText: request.text }).first();
        if ((await row.count()) === 0 || !(await row.isVisible())) return { clicked: false };
        await row.click();
        return { clicked: true };
      }
      case "results":
        for (const line of request.report) console.log(line);
        this.results = { passed: request.passed, failed: request.failed, failures: request.failures };
        return { ok: true };
    }
  }

  private async screenshot(name: string): Promise<{ path: string }> {
    fs.mkdirSync(this.screenshotDir, { recursive: true });
    const file = path.join(this.screenshotDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return { path: file };
  }

  /** A sidebar pane, found by its header title as the user reads it. */
  private pane(view: string) {
    return this.page.locator(".pane", {
      has: this.page.locator(".pane-header .title", { hasText: new RegExp(`^\\s*${view}\\s*$`, "i") }),
    });
  }

  private async viewRows(view: string): Promise<ListRow[]> {
    const rows = this.pane(view).locator(".pane-body .monaco-list-row");
    const found: ListRow[] = [];
    for (const row of await rows.all()) {
      const label = (await row.locator(".label-name").first().textContent()) ?? "";
      const description = (await row.locator(".label-description").first().textContent().catch(() => "")) ?? "";
      found.push({
        text: `${label.trim()} ${description.trim()}`.trim(),
        ariaLabel: (await row.getAttribute("aria-label")) ?? "",
      });
    }
    return found;
  }

  private async clickRowAction(view: string, rowLabel: string, actionLabel: string): Promise<boolean> {
    const row = this.pane(view)
      .locator(".monaco-list-row")
      .filter({ has: this.page.locator(".label-name", { hasText: new RegExp(`^\\s*${escapeRegExp(rowLabel)}\\s*$`) }) })
      .first();
    if ((await row.count()) === 0) return false;
    // Inline actions are drawn only while the row is hovered.
    await row.hover();
    const action = row.locator(`.action-label[aria-label="${actionLabel}"]`);
    await action.waitFor({ state: "visible", timeout: 10_000 });
    await action.click();
    return true;
  }

  private async visibleTexts(selector: string): Promise<string[]> {
    const texts: string[] = [];
    for (const element of await this.page.locator(selector).all()) {
      if (await element.isVisible()) texts.push(((await element.textContent()) ?? "").trim());
    }
    return texts;
  }

  private async clickNotificationButton(message: string, button: string): Promise<boolean> {
    const toast = this.page.locator(".notification-toast .notification-list-item", {
      has: this.page.locator(".notification-list-item-message", { hasText: message }),
    });
    const action = toast.locator(".monaco-button", { hasText: new RegExp(`^\\s*${escapeRegExp(button)}\\s*$`) }).first();
    if ((await action.count()) === 0 || !(await action.isVisible())) return false;
    await action.click();
    return true;
  }

  private async widenSidebar(pixels: number): Promise<number> {
    const sidebar = this.page.locator(".part.sidebar");
    const box = await sidebar.boundingBox();
    if (box === null) throw new Error("no sidebar on screen");
    const edge = { x: box.x + box.width - 1, y: box.y + box.height / 2 };
    await this.page.mouse.move(edge.x, edge.y);
    await this.page.mouse.down();
    await this.page.mouse.move(edge.x + pixels, edge.y, { steps: 10 });
    await this.page.mouse.up();
    return (await sidebar.boundingBox())?.width ?? box.width;
  }

  private async clickGraphModule(module: string): Promise<boolean> {
    for (const frame of this.page.frames()) {
      try {
        const node = frame.locator(`svg.grad-graph g.node[data-module="${module}"]`);
        if ((await node.count()) === 0) continue;
        await node.first().click();
        return true;
      } catch {
        // A frame navigating or detaching mid-query: look at the others.
      }
    }
    return false;
  }

  /** Webviews sit in nested iframes; look for the graph in every frame. */
  private async gradGraphWebview(): Promise<WebviewSnapshot | null> {
    for (const frame of this.page.frames()) {
      try {
        if ((await frame.locator("svg.grad-graph").count()) === 0) continue;
        return {
          nodeTitles: await frame.locator("svg.grad-graph g.node text.title").allTextContents(),
          edgeCount: await frame.locator("svg.grad-graph path.edge").count(),
          graphInsideStage: await boxInside(frame.locator("svg.grad-graph g.scene"), frame.locator("svg.grad-graph")),
        };
      } catch {
        // A frame navigating or detaching mid-query: look at the others.
      }
    }
    return null;
  }
}

/** Whether `inner`'s on-screen box lies within `outer`'s (1px of rounding allowed). */
async function boxInside(inner: Locator, outer: Locator): Promise<boolean> {
  const a = await inner.first().boundingBox();
  const b = await outer.first().boundingBox();
  if (a === null || b === null || a.width === 0) return false;
  return a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
