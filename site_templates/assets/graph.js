/* papersite: draws a paper page's local graph from its figure's data-graph.
 *
 * generator/render/graph.py chooses the papers (mentions first, then related papers, then
 * backlinks; at most 12) and their short labels; this script only places them: the
 * paper in the centre, its neighbours evenly on an ellipse, the first at the top and
 * the rest clockwise. Every node links to a paper the page already links in its text or
 * lists, so the drawing is aria-hidden and its links are out of the tab order.
 * No request, no library: the site works offline.
 */
(function () {
  "use strict";

  var NS = "http://www.w3.org/2000/svg";
  var WIDTH = 800, HEIGHT = 420, CX = WIDTH / 2, CY = HEIGHT / 2;
  // An ellipse leaves room for labels left and right, where they run horizontally:
  // a 26-character label (about 180 units) still ends inside the 800-unit drawing.
  var RX = 180, RY = 150, NODE_R = 9, CENTRE_R = 14, LABEL_GAP = 14;
  var KINDS = ["mentions", "related", "backlinks"];
  var KIND_NAMES = { mentions: "mentioned here", related: "related", backlinks: "linking here" };
  var KEY = /^[a-z0-9][a-z0-9-]*\/?$/;
  var PAPER_HREF = /^\.\.\/[a-z0-9][a-z0-9-]*\/$/;

  function svg(name, attributes, text) {
    var element = document.createElementNS(NS, name);
    Object.keys(attributes).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function round(value) {
    return String(Math.round(value * 10) / 10);
  }

  // A paper's full title: the text of its entry in the page's related-papers or
  // backlink lists (list items that start with the link). A mention or a contributor's
  // link in the text shows other words, so those never name a node.
  function fullTitle(figure, href, fallback) {
    var article = figure.closest("article") || document;
    var found = fallback;
    article.querySelectorAll("li > a:first-child").forEach(function (link) {
      if (link.getAttribute("href") === href && !figure.contains(link)) {
        found = link.textContent.replace(/\s+/g, " ").trim() || found;
      }
    });
    return found;
  }

  // A node's label: beside it, away from the centre, anchored so that it never runs
  // back over the edges.
  function label(node) {
    var dx = node.x - CX, dy = node.y - CY;
    var distance = Math.hypot(dx, dy) || 1;
    var x = node.x + (LABEL_GAP * dx) / distance;
    var y = node.y + (LABEL_GAP * dy) / distance;
    var anchor = dx > 40 ? "start" : dx < -40 ? "end" : "middle";
    y += anchor === "middle" ? (dy > 0 ? 6 : -4) : 4;
    return svg("text", { x: round(x), y: round(y), "text-anchor": anchor }, node.label);
  }

  // The page's link "../<slug>/" whose slug starts with `key` (generator/render/graph.py's
  // link_key: no other paper the page links to starts so), or null.
  function resolve(figure, key) {
    var article = figure.closest("article") || document;
    var prefix = "../" + key;
    var found = null;
    article.querySelectorAll('a[href^="../"]').forEach(function (link) {
      var href = link.getAttribute("href");
      if (!found && href.indexOf(prefix) === 0 && PAPER_HREF.test(href)) found = href;
    });
    return found;
  }

  function draw(figure) {
    // generator/render/graph.py: the centre's label, then "<key> <kinds> <label>" per line.
    var lines = (figure.getAttribute("data-graph") || "").split("\n");
    var centreLabel = lines.shift() || "";
    var nodes = lines
      .map(function (line) {
        var match = /^(\S+) (\S+) (.*)$/.exec(line);
        var href = match && KEY.test(match[1]) ? resolve(figure, match[1]) : null;
        return href ? [href, match[2].split(","), match[3]] : null;
      })
      .filter(Boolean)
      .map(function (node, index, all) {
        var angle = -Math.PI / 2 + (2 * Math.PI * index) / all.length;
        return {
          href: node[0],
          label: node[2],
          kinds: node[1],
          x: Math.round((CX + RX * Math.cos(angle)) * 10) / 10,
          y: Math.round((CY + RY * Math.sin(angle)) * 10) / 10,
        };
      });
    if (!nodes.length) return;
    var drawing = svg("svg", {
      class: "paper-graph__svg",
      viewBox: "0 0 " + WIDTH + " " + HEIGHT,
      "aria-hidden": "true",
      focusable: "false",
    });
    // One path per kind of edge, styled by the kind of its strongest link.
    KINDS.forEach(function (kind) {
      var path = nodes
        .filter(function (node) {
          return node.kinds[0] === kind;
        })
        .map(function (node) {
          return "M" + CX + " " + CY + "L" + round(node.x) + " " + round(node.y);
        })
        .join("");
      if (path) drawing.appendChild(svg("path", { class: "graph-edge graph-edge--" + kind, d: path }));
    });
    nodes.forEach(function (node) {
      var link = svg("a", {
        class: "graph-node graph-node--" + node.kinds[0],
        href: node.href,
        tabindex: "-1",
      });
      var kinds = node.kinds.map(function (kind) {
        return KIND_NAMES[kind] || kind;
      });
      link.appendChild(svg("title", {}, fullTitle(figure, node.href, node.label) + " (" + kinds.join(", ") + ")"));
      link.appendChild(svg("circle", { cx: round(node.x), cy: round(node.y), r: NODE_R }));
      link.appendChild(label(node));
      drawing.appendChild(link);
    });
    var centre = svg("g", { class: "graph-node graph-node--centre" });
    var heading = document.querySelector("article h1");
    centre.appendChild(svg("title", {}, heading ? heading.textContent.trim() : centreLabel));
    centre.appendChild(svg("circle", { cx: CX, cy: CY, r: CENTRE_R }));
    centre.appendChild(svg("text", { x: CX, y: CY + CENTRE_R + 16, "text-anchor": "middle" }, centreLabel));
    drawing.appendChild(centre);
    figure.insertBefore(drawing, figure.firstChild);
    figure.hidden = false;
  }

  function drawAll() {
    document.querySelectorAll("figure.paper-graph[data-graph]").forEach(function (figure) {
      if (!figure.querySelector("svg")) draw(figure);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
