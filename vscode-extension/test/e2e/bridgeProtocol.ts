/**
 * The requests the tests inside VS Code's extension host send to the runner,
 * which drives the browser around them: the extension host can reach VS Code's
 * API but not the pixels, the runner can reach the pixels but not the API.
 * Transport: one HTTP POST of JSON per request, to TL_E2E_BRIDGE.
 */

export interface ListRow {
  readonly text: string;
  readonly ariaLabel: string;
}

export interface WebviewSnapshot {
  /** Text of every node box's title in the graph SVG. */
  readonly nodeTitles: readonly string[];
  readonly edgeCount: number;
  /** The graph's drawn box lies inside the webview's drawing area (it opened fitted, not cut off). */
  readonly graphInsideStage: boolean;
}

export type BridgeRequest =
  /** Saves test-output/screenshots/<name>.png of the whole workbench. */
  | { readonly action: "screenshot"; readonly name: string }
  /** The rendered rows of the sidebar view whose header reads `view`. */
  | { readonly action: "viewRows"; readonly view: string }
  /** Clicks the first row of the sidebar view `view` whose text contains `text`. */
  | { readonly action: "clickRow"; readonly view: string; readonly text: string }
  /** Hovers the row whose label is `row` and clicks its inline action `action`. */
  | { readonly action: "clickRowAction"; readonly view: string; readonly row: string; readonly actionLabel: string }
  /** Drags the sash between the primary sidebar and the editor `pixels` to the right. */
  | { readonly action: "widenSidebar"; readonly pixels: number }
  /** What the webview with the grad_fn graph shows, or null when none is rendered. */
  | { readonly action: "gradGraphWebview" }
  /** The text of every visible element the CSS selector matches in the workbench page. */
  | { readonly action: "visibleTexts"; readonly selector: string }
  /** Clicks the button `button` of the visible notification whose message contains `message`. */
  | { readonly action: "clickNotificationButton"; readonly message: string; readonly button: string }
  /** Clicks the folded module `module` in the grad_fn graph webview. */
  | { readonly action: "clickGraphModule"; readonly module: string }
  /** Scrolls the sidebar view `view` to its last row with the mouse wheel. */
  | { readonly action: "scrollViewToEnd"; readonly view: string }
  /** Clicks the visible Quick Pick row whose text contains `text`. */
  | { readonly action: "clickQuickPickItem"; readonly text: string }
  /** The mocha outcome, sent once at the end. */
  | {
      readonly action: "results";
      readonly passed: number;
      readonly failed: number;
      readonly failures: readonly string[];
      /** mocha's spec report, line by line. */
      readonly report: readonly string[];
    };

export interface BridgeAnswers {
  screenshot: { path: string };
  viewRows: { rows: ListRow[] };
  clickRow: { clicked: boolean };
  clickRowAction: { clicked: boolean };
  widenSidebar: { width: number };
  gradGraphWebview: { graph: WebviewSnapshot | null };
  visibleTexts: { texts: string[] };
  clickNotificationButton: { clicked: boolean };
  clickQuickPickItem: { clicked: boolean };
  scrollViewToEnd: { ok: boolean };
  clickGraphModule: { clicked: boolean };
  results: { ok: true };
}
