/**
 * Draws a laid-out backward graph as one static SVG. Static on purpose: the
 * webview then needs no script, and the picture is the same in every theme
 * because colours come from VS Code's CSS variables.
 */
import { GraphLayout, LINE_HEIGHT, PlacedEdge, PlacedNode } from "./layout";

export function renderGraphSvg(layout: GraphLayout): string {
  const edges = layout.edges.map(edgePath).join("\n");
  const nodes = layout.nodes.map(nodeGroup).join("\n");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="grad-graph" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker></defs>`,
    // One group to move: the webview's zoom and pan change only the SVG's viewBox.
    `<g class="scene"><g class="edges">${edges}</g>`,
    `<g class="nodes">${nodes}</g></g>`,
    `</svg>`,
  ].join("\n");
}

function edgePath(e: PlacedEdge): string {
  if (e.points.length === 0) return "";
  const d = e.points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)},${round(p.y)}`).join(" ");
  const path = `<path class="edge" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}" d="${d}" marker-end="url(#arrow)"/>`;
  if (e.count === 1) return path;
  const middle = e.points[Math.floor(e.points.length / 2)];
  return `${path}<text class="edge-count" x="${round(middle.x + 6)}" y="${round(middle.y + 4)}">×${e.count}</text>`;
}

function nodeGroup(n: PlacedNode): string {
  const left = round(n.x - n.width / 2);
  const top = round(n.y - n.height / 2);
  const classes = ["node", n.role, n.shared ? "shared" : ""].filter((c) => c.length > 0).join(" ");
  const lines = [n.title, ...(n.subtitle === null ? [] : [n.subtitle])];
  const firstBaseline = n.y - ((lines.length - 1) * LINE_HEIGHT) / 2 + 4;
  const text = lines
    .map(
      (line, i) =>
        `<text class="${i === 0 ? "title" : "subtitle"}" x="${round(n.x)}" y="${round(firstBaseline + i * LINE_HEIGHT)}" text-anchor="middle">${escapeXml(line)}</text>`,
    )
    .join("");
  const module = n.module === null ? "" : ` data-module="${escapeXml(n.module)}" tabindex="0" role="button"`;
  return (
    `<g class="${classes}" data-id="${escapeXml(n.id)}"${module}>` +
    `<title>${escapeXml(lines.join("\n"))}</title>` +
    `<rect x="${left}" y="${top}" width="${n.width}" height="${n.height}" rx="6"/>${text}</g>`
  );
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
