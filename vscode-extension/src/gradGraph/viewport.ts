/**
 * The grad_fn webview's one script: zoom (wheel, buttons), pan (drag), Fit, and
 * a click on a folded module. Kept as plain ES2020 text because it runs in the
 * webview, not the extension host. It changes only the SVG's viewBox, so the
 * picture stays crisp at every scale.
 *
 * Messages to the extension: `{type: "open", module}` for a folded module,
 * `{type: "view", scale, wholeGraphVisible}` after every change (the e2e tests
 * and "opened fitted" read it).
 */
export const VIEWPORT_SCRIPT = `
(() => {
  const vscode = acquireVsCodeApi();
  const svg = document.querySelector("svg.grad-graph");
  const stage = document.getElementById("stage");
  if (!svg || !stage) return;
  const [, , graphWidth, graphHeight] = svg.getAttribute("viewBox").split(" ").map(Number);
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  let view = { x: 0, y: 0, scale: 1 };
  let userMoved = false;

  function size() {
    return { width: Math.max(stage.clientWidth, 1), height: Math.max(stage.clientHeight, 1) };
  }
  function apply() {
    const { width, height } = size();
    svg.setAttribute("viewBox", [view.x, view.y, width / view.scale, height / view.scale].join(" "));
    const whole = view.x <= 0.5 && view.y <= 0.5 &&
      view.x + width / view.scale >= graphWidth - 0.5 && view.y + height / view.scale >= graphHeight - 0.5;
    document.getElementById("zoom-level").textContent = Math.round(view.scale * 100) + "%";
    vscode.postMessage({ type: "view", scale: view.scale, wholeGraphVisible: whole });
  }
  // Fit: the whole graph in the panel, never enlarged past 100% (a 3-node graph stays readable).
  function fit() {
    const { width, height } = size();
    const scale = Math.min(1, width / graphWidth, height / graphHeight);
    view = { scale, x: (graphWidth - width / scale) / 2, y: Math.min(0, (graphHeight - height / scale) / 2) };
    apply();
  }
  function zoomAt(factor, px, py) {
    const scale = Math.min(4, Math.max(0.02, view.scale * factor));
    const gx = view.x + px / view.scale;
    const gy = view.y + py / view.scale;
    view = { scale, x: gx - px / scale, y: gy - py / scale };
    userMoved = true;
    apply();
  }
  stage.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = stage.getBoundingClientRect();
    zoomAt(Math.exp(-e.deltaY / 500), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });

  let drag = null;
  stage.addEventListener("pointerdown", (e) => {
    drag = { x: e.clientX, y: e.clientY, moved: false };
    stage.setPointerCapture(e.pointerId);
  });
  stage.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag.moved = true;
    view = { ...view, x: view.x - dx / view.scale, y: view.y - dy / view.scale };
    drag.x = e.clientX;
    drag.y = e.clientY;
    userMoved = true;
    apply();
  });
  stage.addEventListener("pointerup", (e) => {
    const wasDrag = drag && drag.moved;
    drag = null;
    if (wasDrag) return;
    const target = document.elementFromPoint(e.clientX, e.clientY);
    const node = target && target.closest("g.node[data-module]");
    if (node) vscode.postMessage({ type: "open", module: node.getAttribute("data-module") });
  });
  svg.addEventListener("keydown", (e) => {
    const node = e.target.closest && e.target.closest("g.node[data-module]");
    if (node && (e.key === "Enter" || e.key === " ")) vscode.postMessage({ type: "open", module: node.getAttribute("data-module") });
  });
  const centre = () => ({ x: size().width / 2, y: size().height / 2 });
  document.getElementById("zoom-in").addEventListener("click", () => zoomAt(1.25, centre().x, centre().y));
  document.getElementById("zoom-out").addEventListener("click", () => zoomAt(0.8, centre().x, centre().y));
  document.getElementById("fit").addEventListener("click", () => { userMoved = false; fit(); });
  // The panel opens beside the editor and is resized often: stay fitted until the user zooms or pans.
  new ResizeObserver(() => (userMoved ? apply() : fit())).observe(stage);
  fit();
})();
`;
