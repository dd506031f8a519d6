/**
 * Edge routes that never cross a node box. Dagre places nodes in layers and
 * gives an edge that skips layers a dummy point in each layer it passes, but
 * joins those points with straight diagonals, which cut the corners of the
 * boxes beside them (a ResNet block's skip connection went through its batch
 * norms). Here every route runs vertically through a layer's band (at the
 * source's or target's own x, or at a dummy point's x, which dagre keeps a
 * node gap away from the boxes) and only turns in the empty space between
 * bands, where no box can be.
 */
export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Box {
  readonly id: string;
  /** Centre. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Link {
  readonly from: string;
  readonly to: string;
}

/**
 * `dummies[i]` holds the points dagre gave `links[i]` between its two ends
 * (its first and last points, on the boxes' borders, are not wanted).
 */
export function routeEdges(boxes: readonly Box[], links: readonly Link[], dummies: readonly (readonly Point[])[]): Point[][] {
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const bandHalf = layerBands(boxes);
  const halfAt = (y: number) => bandHalf.get(bandKey(y)) ?? 0;
  const exits = spreadPorts(links, byId, dummies, "from");
  const entries = spreadPorts(links, byId, dummies, "to");
  return links.map((link, i) => {
    const source = must(byId.get(link.from), link.from);
    const target = must(byId.get(link.to), link.to);
    const exitX = exits[i];
    const entryX = entries[i];
    // Dagre reverses an edge to break a cycle (folded modules can feed each other): it then runs upward.
    const down = target.y >= source.y ? 1 : -1;
    const route: Point[] = [
      { x: exitX, y: source.y + (down * source.height) / 2 },
      { x: exitX, y: source.y + down * halfAt(source.y) },
    ];
    for (const p of dummies[i]) {
      const half = halfAt(p.y);
      route.push({ x: p.x, y: p.y - down * half }, { x: p.x, y: p.y + down * half });
    }
    route.push({ x: entryX, y: target.y - down * halfAt(target.y) }, { x: entryX, y: target.y - (down * target.height) / 2 });
    return withoutRepeats(route);
  });
}

/** Half the height of the tallest box in each layer, keyed by the layer's centre line. */
function layerBands(boxes: readonly Box[]): Map<string, number> {
  const half = new Map<string, number>();
  for (const b of boxes) {
    const key = bandKey(b.y);
    half.set(key, Math.max(half.get(key) ?? 0, b.height / 2));
  }
  return half;
}

/** Dagre gives every node of a layer the same centre y; rounding absorbs float noise. */
function bandKey(y: number): string {
  return y.toFixed(1);
}

/**
 * Where each edge leaves its source (`end` = "from") or enters its target:
 * a node's edges are spread along its bottom or top side in the order of where
 * they go next, so arrows into one node do not pile onto one point.
 */
function spreadPorts(
  links: readonly Link[],
  byId: Map<string, Box>,
  dummies: readonly (readonly Point[])[],
  end: "from" | "to",
): number[] {
  const ports = new Array<number>(links.length).fill(0);
  const atNode = new Map<string, number[]>();
  links.forEach((link, i) => {
    const id = link[end];
    atNode.set(id, [...(atNode.get(id) ?? []), i]);
  });
  for (const [id, indexes] of atNode) {
    const node = must(byId.get(id), id);
    const towardX = (i: number): number => {
      const via = dummies[i];
      if (via.length > 0) return end === "from" ? via[0].x : via[via.length - 1].x;
      return must(byId.get(end === "from" ? links[i].to : links[i].from), id).x;
    };
    const ordered = [...indexes].sort((a, b) => towardX(a) - towardX(b));
    // Keep ports off the rounded corners: the middle half of the side is used.
    const span = node.width / 2;
    ordered.forEach((linkIndex, k) => {
      ports[linkIndex] = node.x - span / 2 + (span * (k + 1)) / (ordered.length + 1);
    });
  }
  return ports;
}

function withoutRepeats(points: Point[]): Point[] {
  return points.filter((p, i) => i === 0 || Math.abs(p.x - points[i - 1].x) > 0.01 || Math.abs(p.y - points[i - 1].y) > 0.01);
}

function must<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new Error(`grad_fn graph: no node ${id}`);
  return value;
}
