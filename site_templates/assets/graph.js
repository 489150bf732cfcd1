/* papersite: draws a paper page's local graph from its figure's data-graph.
 *
 * generator/render/graph.py chooses the papers (mentions first, then related papers, then
 * backlinks; at most 12) and their short labels; this script only places them: on a
 * wide figure the paper in the centre, its neighbours evenly on an ellipse, the first
 * at the top and the rest clockwise; on a narrow one (a phone) the paper at the top and
 * its neighbours in a column, so that labels stay at least 12 px high. Every node links
 * to a paper the page already links in its text or lists, so the drawing is aria-hidden
 * and its links are out of the tab order.
 * No request, no library: the site works offline.
 */
(() => {
  "use strict";

  const NS = "http://www.w3.org/2000/svg";
  // The wide layout: an 800 x 420 drawing scaled to the figure's width. An ellipse leaves
  // room for labels left and right, where they run horizontally: a 26-character label
  // (about 180 units) still ends inside the drawing.
  const WIDTH = 800;
  const HEIGHT = 420;
  const CX = WIDTH / 2;
  const CY = HEIGHT / 2;
  const RX = 180;
  const RY = 150;
  // Labels are 14 units high (assets/reader.css); scaled below 12 px they are too small
  // to read, so a figure narrower than this gets the column layout, drawn at 1 unit a
  // pixel: its label at the top, the paper on the left and its neighbours in rows.
  const LABEL_UNITS = 14;
  const MIN_LABEL_PX = 12;
  const NARROW = Math.ceil((WIDTH * MIN_LABEL_PX) / LABEL_UNITS);
  const ROW = 32;
  const COLUMN_TOP = 48;
  const COLUMN_X = 110;
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

  // A node's label in the wide layout: beside it, away from the centre, anchored so
  // that it never runs back over the edges. In the column layout: to its right.
  const label = (node, centre) => {
    if (centre.column) {
      return svg("text", { x: round(node.x + LABEL_GAP), y: round(node.y + 5) }, node.label);
    }
    const dx = node.x - centre.x;
    const dy = node.y - centre.y;
    const distance = Math.hypot(dx, dy) || 1;
    const x = node.x + (LABEL_GAP * dx) / distance;
    let y = node.y + (LABEL_GAP * dy) / distance;
    const anchor = dx > 40 ? "start" : dx < -40 ? "end" : "middle";
    y += anchor === "middle" ? (dy > 0 ? 6 : -4) : 4;
    return svg("text", { x: round(x), y: round(y), "text-anchor": anchor }, node.label);
  };

  // Where the centre and each neighbour go for a figure `width` pixels wide.
  const place = (nodes, width) => {
    if (width >= NARROW || width <= 0) {
      const centre = { x: CX, y: CY, column: false, width: WIDTH, height: HEIGHT };
      nodes.forEach((node, index) => {
        const angle = -Math.PI / 2 + (2 * Math.PI * index) / nodes.length;
        node.x = Math.round((CX + RX * Math.cos(angle)) * 10) / 10;
        node.y = Math.round((CY + RY * Math.sin(angle)) * 10) / 10;
      });
      return centre;
    }
    // The paper on the left, half-way down its neighbours' column: the edges fan out.
    const rows = ROW * (nodes.length - 1);
    const centre = { x: CENTRE_R + 2, y: COLUMN_TOP + rows / 2, column: true };
    centre.width = Math.floor(width);
    centre.height = COLUMN_TOP + rows + NODE_R + 8;
    nodes.forEach((node, index) => {
      node.x = Math.min(COLUMN_X, Math.round(width / 3));
      node.y = COLUMN_TOP + ROW * index;
    });
    return centre;
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

  // The neighbours of the figure's paper: [{href, label, kinds}], in placement order.
  const neighbours = (figure) => {
    // generator/render/graph.py: the centre's label, then "<key> <kinds> <label>" per line.
    const lines = (figure.getAttribute("data-graph") || "").split("\n");
    lines.shift();
    return lines
      .map((line) => {
        const match = /^(\S+) (\S+) (.*)$/.exec(line);
        const href = match && KEY.test(match[1]) ? resolve(figure, match[1]) : null;
        return href ? { href, kinds: match[2].split(","), label: match[3] } : null;
      })
      .filter(Boolean);
  };

  const draw = (figure, nodes, width) => {
    const centreLabel = (figure.getAttribute("data-graph") || "").split("\n")[0];
    const centre = place(nodes, width);
    const drawing = svg("svg", {
      class: "paper-graph__svg",
      viewBox: `0 0 ${centre.width} ${centre.height}`,
      "aria-hidden": "true",
      focusable: "false",
    });
    // One path per kind of edge, styled by the kind of its strongest link.
    KINDS.forEach((kind) => {
      const path = nodes
        .filter((node) => node.kinds[0] === kind)
        .map((node) => `M${round(centre.x)} ${round(centre.y)}L${round(node.x)} ${round(node.y)}`)
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
      link.appendChild(label(node, centre));
      drawing.appendChild(link);
    });
    const group = svg("g", { class: "graph-node graph-node--centre" });
    const heading = document.querySelector("article h1");
    group.appendChild(svg("title", {}, heading ? heading.textContent.trim() : centreLabel));
    group.appendChild(svg("circle", { cx: round(centre.x), cy: round(centre.y), r: CENTRE_R }));
    const centreText = centre.column
      ? { x: 2, y: 16 }
      : { x: CX, y: CY + CENTRE_R + 16, "text-anchor": "middle" };
    group.appendChild(svg("text", centreText, centreLabel));
    drawing.appendChild(group);
    const old = figure.querySelector("svg");
    if (old) old.remove();
    figure.insertBefore(drawing, figure.firstChild);
    return centre.column ? centre.width : "wide";
  };

  // Draw once the figure can be measured, and again when a new width changes the layout
  // (a phone turned, a window resized): only then, so a resize costs nothing otherwise.
  const start = (figure) => {
    const nodes = neighbours(figure);
    if (!nodes.length) return;
    figure.hidden = false;
    let drawn = draw(figure, nodes, figure.clientWidth);
    if (typeof ResizeObserver === "undefined") return;
    new ResizeObserver(() => {
      const width = figure.clientWidth;
      const wanted = width >= NARROW || width <= 0 ? "wide" : Math.floor(width);
      if (wanted !== drawn) drawn = draw(figure, nodes, width);
    }).observe(figure);
  };

  const drawAll = () => {
    document.querySelectorAll("figure.paper-graph[data-graph]").forEach((figure) => {
      if (!figure.querySelector("svg")) start(figure);
    });
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
