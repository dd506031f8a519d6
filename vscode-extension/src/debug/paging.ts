/**
 * Children a page at a time: a frame of thousands of tensors (a dict of 5,000,
 * a model's parameters) shows its first rows and a "… N more" row that adds
 * the next page, so the tree never has to draw thousands of items at once.
 */
import { formatCount, TensorRow } from "./tensorTree";

export const PAGE_SIZE = 100;

/** The key of a row's children in the paging state; the view's top level is `ROOT`. */
export const ROOT = "root";

/** The first `shown` of `rows`, then a "more" row when some are left. */
export function pageRows(rows: readonly TensorRow[], shown: number, parent: string): TensorRow[] {
  if (rows.length <= shown) return [...rows];
  const left = rows.length - shown;
  const next = Math.min(left, PAGE_SIZE);
  return [
    ...rows.slice(0, shown),
    {
      id: `more:${parent}`,
      kind: "more",
      label: `… ${formatCount(left)} more`,
      description: `show the next ${next}`,
      tooltip: `${left.toLocaleString("en-US")} more rows; click to show the next ${next}.`,
      highlight: false,
      contextValue: "more",
      expression: null,
      children: [],
      pageOf: parent,
    },
  ];
}

/** How many children of each parent are shown; reset when the frame changes. */
export class PageState {
  private readonly shown = new Map<string, number>();

  shownOf(parent: string): number {
    return this.shown.get(parent) ?? PAGE_SIZE;
  }

  /** The "more" row of `parent` was clicked. */
  showMore(parent: string): void {
    this.shown.set(parent, this.shownOf(parent) + PAGE_SIZE);
  }

  reset(): void {
    this.shown.clear();
  }
}
