/* papersite: draws a paper page's local graph from its figure's data-graph.
 *
 * generator/render/graph.py chooses the papers (mentions first, then related papers, then
 * backlinks; at most 12) and their short labels; this script only places them: the
 * paper in the centre, its neighbours evenly on an ellipse, the first at the top and
 * the rest clockwise. Every node links to a paper the page already links in its text or
 * lists, so the drawing is aria-hidden and its links are out of the tab order.
 * No request, no library: the site works offline.
 */
(() => {
  "use strict";

  const NS = "http://www.w3.org/2000/svg";
  const WIDTH = 800;
  const HEIGHT = 420;
  const CX = WIDTH / 2;
  const CY = HEIGHT / 2;
  // An ellipse leaves room for labels left and right, where they run horizontally:
  // a 26-character label (about 180 units) still ends inside the 800-unit drawing.
  const RX = 180;
  const RY = 150;
  const NODE_R = 9;
  const CENTRE_R = 14;
  const LABEL_GAP = 14;
  const KINDS = ["mentions", "related", "backlinks"];
  const KIND_NAMES = { mentions: "mentioned here", related: "related", backlinks: "linking here" };
  const KEY = /^[a-z0-9][a-z0-9-]*\/?$/;
  const SLUG = "[a-z0-9][a-z0-9-]*";

  const svg = (name, attributes, text) => {
    const element = document.createElementNS(NS, name);
    Object.entries(attributes).forEach(([key, value]) => element.setAttribute(key, value));
    if (text !== undefined) element.textContent = text;
    return element;
  };

  const round = (value) => String(Math.round(value * 10) / 10);

  const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  // A paper's full title: the text of its entry in the page's related-papers or
  // backlink lists (list items that start with the link). A mention or a contributor's
  // link in the text shows other words, so those never name a node.
  const fullTitle = (figure, href, fallback) => {
    const article = figure.closest("article") || document;
    let found = fallback;
    article.querySelectorAll("li > a:first-child").forEach((link) => {
      if (link.getAttribute("href") === href && !figure.contains(link)) {
        found = link.textContent.replace(/\s+/g, " ").trim() || found;
      }
    });
    return found;
  };

  // A node's label: beside it, away from the centre, anchored so that it never runs
  // back over the edges.
  const label = (node) => {
    const dx = node.x - CX;
    const dy = node.y - CY;
    const distance = Math.hypot(dx, dy) || 1;
    const x = node.x + (LABEL_GAP * dx) / distance;
    let y = node.y + (LABEL_GAP * dy) / distance;
    const anchor = dx > 40 ? "start" : dx < -40 ? "end" : "middle";
    y += anchor === "middle" ? (dy > 0 ? 6 : -4) : 4;
    return svg("text", { x: round(x), y: round(y), "text-anchor": anchor }, node.label);
  };

  // The page's link to a paper whose slug starts with `key` (generator/render/graph.py's
  // link_key: no other paper the page links to starts so), or null. The figure's
  // data-paper-link is how the page links a paper, "*" for the slug (generator/urls.py).
  const resolve = (figure, key) => {
    const article = figure.closest("article") || document;
    const [before, after] = (figure.getAttribute("data-paper-link") || "").split("*");
    if (after === undefined) return null;
    const paperHref = new RegExp(`^${escapeRegExp(before)}${SLUG}${escapeRegExp(after)}$`);
    const prefix = before + key;
    const link = Array.from(article.querySelectorAll("a[href]")).find((candidate) => {
      const href = candidate.getAttribute("href");
      return href.startsWith(prefix) && paperHref.test(href);
    });
    return link ? link.getAttribute("href") : null;
  };

  const draw = (figure) => {
    // generator/render/graph.py: the centre's label, then "<key> <kinds> <label>" per line.
    const lines = (figure.getAttribute("data-graph") || "").split("\n");
    const centreLabel = lines.shift() || "";
    const nodes = lines
      .map((line) => {
        const match = /^(\S+) (\S+) (.*)$/.exec(line);
        const href = match && KEY.test(match[1]) ? resolve(figure, match[1]) : null;
        return href ? [href, match[2].split(","), match[3]] : null;
      })
      .filter(Boolean)
      .map((node, index, all) => {
        const angle = -Math.PI / 2 + (2 * Math.PI * index) / all.length;
        return {
          href: node[0],
          label: node[2],
          kinds: node[1],
          x: Math.round((CX + RX * Math.cos(angle)) * 10) / 10,
          y: Math.round((CY + RY * Math.sin(angle)) * 10) / 10,
        };
      });
    if (!nodes.length) return;
    const drawing = svg("svg", {
      class: "paper-graph__svg",
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      "aria-hidden": "true",
      focusable: "false",
    });
    // One path per kind of edge, styled by the kind of its strongest link.
    KINDS.forEach((kind) => {
      const path = nodes
        .filter((node) => node.kinds[0] === kind)
        .map((node) => `M${CX} ${CY}L${round(node.x)} ${round(node.y)}`)
        .join("");
      if (path) drawing.appendChild(svg("path", { class: `graph-edge graph-edge--${kind}`, d: path }));
    });
    nodes.forEach((node) => {
      const link = svg("a", {
        class: `graph-node graph-node--${node.kinds[0]}`,
        href: node.href,
        tabindex: "-1",
      });
      const kinds = node.kinds.map((kind) => KIND_NAMES[kind] || kind);
      const title = `${fullTitle(figure, node.href, node.label)} (${kinds.join(", ")})`;
      link.appendChild(svg("title", {}, title));
      link.appendChild(svg("circle", { cx: round(node.x), cy: round(node.y), r: NODE_R }));
      link.appendChild(label(node));
      drawing.appendChild(link);
    });
    const centre = svg("g", { class: "graph-node graph-node--centre" });
    const heading = document.querySelector("article h1");
    centre.appendChild(svg("title", {}, heading ? heading.textContent.trim() : centreLabel));
    centre.appendChild(svg("circle", { cx: CX, cy: CY, r: CENTRE_R }));
    centre.appendChild(svg("text", { x: CX, y: CY + CENTRE_R + 16, "text-anchor": "middle" }, centreLabel));
    drawing.appendChild(centre);
    figure.insertBefore(drawing, figure.firstChild);
    figure.hidden = false;
  };

  const drawAll = () => {
    document.querySelectorAll("figure.paper-graph[data-graph]").forEach((figure) => {
      if (!figure.querySelector("svg")) draw(figure);
    });
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
