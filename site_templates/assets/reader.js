/*
 * papersite reader features, all kept in this browser (no request, no third-party code):
 *
 * - "New" marks papers listed on a day after the reader's previous visit;
 * - a "Save" toggle on every paper page and card keeps a reading list;
 * - the Reading list page shows it and downloads it as a BibTeX file.
 *
 * Paper data comes from data-* attributes the generator writes (render.data_attributes):
 * data-paper (slug), data-title, data-authors (JSON list), data-arxiv, data-year and
 * data-listed (ISO days); a paper page's own bar leaves authors and arXiv id to its
 * citation_* meta tags. An entry of a day or tag list carries only data-paper and
 * data-listed (render.entry_attributes: the rest, on every entry of every list, was
 * 25 MB of a 20,000-paper site); saving it stores its title and link at once and the
 * rest from the paper's own page, fetched from this site. Storage keys go through
 * Material's __md_get/__md_set, which prefix them with the site's path, so two sites on
 * one host keep separate lists.
 */
(function () {
  "use strict";

  var LIST = "papersite.readingList"; // [{slug, title, authors, arxiv, year, url, listed}]
  var LAST_VISIT = "papersite.lastVisit"; // local ISO day of the latest visit
  var SINCE = "papersite.since"; // sessionStorage: the visit before this session ("" = none)

  function get(key, store) {
    try {
      if (typeof __md_get === "function") return __md_get(key, store || localStorage);
      return JSON.parse((store || localStorage).getItem(key));
    } catch (error) {
      return null; // storage blocked or a value that is not JSON: start afresh
    }
  }

  function set(key, value, store) {
    try {
      if (typeof __md_set === "function") __md_set(key, value, store || localStorage);
      else (store || localStorage).setItem(key, JSON.stringify(value));
    } catch (error) {
      /* storage full or blocked: the page still works, it just forgets */
    }
  }

  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  // The previous visit is read once per browser session and kept in sessionStorage, so
  // "new" stays put while the reader moves between pages; the next session compares
  // against today.
  function since() {
    var kept = get(SINCE, sessionStorage);
    if (typeof kept === "string") return kept;
    var previous = get(LAST_VISIT);
    var baseline = typeof previous === "string" ? previous : "";
    set(SINCE, baseline, sessionStorage);
    set(LAST_VISIT, today());
    return baseline;
  }

  function readingList() {
    var list = get(LIST);
    return Array.isArray(list) ? list.filter(function (item) { return item && item.slug; }) : [];
  }

  // On a paper's own page (its action bar, here or fetched) authors and arXiv id are in
  // the citation_* meta tags that reference managers read.
  function citation(element, name) {
    var tags = element.ownerDocument.querySelectorAll('meta[name="citation_' + name + '"]');
    return Array.prototype.map.call(tags, function (tag) { return tag.content; });
  }

  function paperOf(element) {
    var authors = [];
    var onPage = element.classList.contains("paper-actions");
    try {
      authors = onPage
        ? citation(element, "author")
        : JSON.parse(element.getAttribute("data-authors") || "[]");
    } catch (error) {
      authors = [];
    }
    var link = element.classList.contains("paper-actions")
      ? null
      : hostOf(element).querySelector("a[href]");
    var paper = {
      slug: element.getAttribute("data-paper"),
      title: element.getAttribute("data-title") || "",
      authors: Array.isArray(authors) ? authors.map(String) : [],
      arxiv: (onPage ? citation(element, "arxiv_id")[0] : element.getAttribute("data-arxiv")) || "",
      year: element.getAttribute("data-year") || "",
      url: link ? link.href : location.href.split("#")[0],
      listed: (element.getAttribute("data-listed") || "").split(" ").filter(Boolean),
    };
    if (!element.hasAttribute("data-title")) {
      // A list entry: the title as the link shows it until the paper's page is read.
      // Math in a title shows as arithmatex's \( \) until KaTeX runs: back to TeX's $.
      var shown = link ? link.textContent.replace(/\\[()]/g, "$") : paper.slug;
      paper.title = shown.replace(/\s+/g, " ").trim();
      paper.partial = true;
    }
    return paper;
  }

  // Fill in a saved list entry from its paper's page (the action bar's data-*), once
  // that page can be fetched; an entry stays as saved while the reader is offline.
  var completing = {}; // slug -> true while its page is being fetched

  function complete(paper) {
    if (!paper.partial || !window.fetch || completing[paper.slug]) return;
    completing[paper.slug] = true;
    fetch(paper.url)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var bar = page.querySelector(".paper-actions[data-paper][data-title]");
        if (!bar || bar.getAttribute("data-paper") !== paper.slug) return;
        var full = paperOf(bar);
        full.url = paper.url;
        var list = readingList();
        if (!list.some(function (item) { return item.slug === paper.slug; })) return;
        set(LIST, list.map(function (item) { return item.slug === paper.slug ? full : item; }));
        renderReadingList();
      })
      .catch(function () { /* offline or moved: keep the title and link */ })
      .then(function () { delete completing[paper.slug]; });
  }

  // A card and the paper page's action bar carry the data themselves; in a day or tag
  // list it is an empty span inside the list item.
  function hostOf(element) {
    return element.classList.contains("paper-data") ? element.parentElement : element;
  }

  function isSaved(slug) {
    return readingList().some(function (item) { return item.slug === slug; });
  }

  function toggle(paper) {
    var list = readingList();
    var kept = list.filter(function (item) { return item.slug !== paper.slug; });
    var saving = kept.length === list.length;
    if (saving) kept.push(paper);
    set(LIST, kept);
    refreshButtons();
    renderReadingList();
    if (saving) complete(paper);
  }

  function refreshButtons() {
    document.querySelectorAll("button.paper-save").forEach(function (button) {
      button.setAttribute("aria-pressed", String(isSaved(button.getAttribute("data-for"))));
    });
  }

  function saveButton(paper) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "paper-save";
    button.setAttribute("data-for", paper.slug);
    button.setAttribute("aria-pressed", String(isSaved(paper.slug)));
    button.title = "Save to or remove from your reading list";
    button.textContent = "Save";
    button.addEventListener("click", function () { toggle(paper); });
    return button;
  }

  function newMark() {
    var mark = document.createElement("span");
    mark.className = "paper-new";
    mark.textContent = "New";
    mark.title = "Listed since your last visit";
    return mark;
  }

  function decorate(element, baseline) {
    var host = hostOf(element);
    if (!host || host.querySelector(".paper-save")) return; // already done on this page
    var paper = paperOf(element);
    var isNew = baseline !== "" && paper.listed.some(function (day) { return day > baseline; });
    if (element.classList.contains("paper-actions")) {
      // The bar is written at the end of the page (its own template include); shown
      // under the title, where a reader looks for it.
      var heading = document.querySelector("article h1");
      if (heading) heading.insertAdjacentElement("afterend", element);
      if (isNew) element.appendChild(newMark());
      element.appendChild(saveButton(paper));
      return;
    }
    // On a card: under the title's paragraph; in a list: right after the title link.
    var title = element.classList.contains("paper-card")
      ? element.querySelector(".paper-card__title")
      : null;
    var after = (title && title.closest("p")) || element;
    var button = saveButton(paper);
    after.insertAdjacentElement("afterend", button);
    if (isNew) after.insertAdjacentElement("afterend", newMark());
  }

  function bibtexText(value) {
    var special = {
      "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%",
      "$": "\\$", "#": "\\#", "_": "\\_", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}",
    };
    return String(value).replace(/\s+/g, " ").trim().replace(/[\\{}&%$#_~^]/g, function (c) {
      return special[c];
    });
  }

  function bibtexEntry(paper) {
    var fields = [["title", "{" + bibtexText(paper.title) + "}"]];
    if (paper.authors.length) {
      fields.push(["author", paper.authors.map(bibtexText).join(" and ")]);
    }
    if (/^\d{4}$/.test(paper.year)) fields.push(["year", paper.year]);
    if (paper.arxiv) {
      fields.push(["eprint", bibtexText(paper.arxiv)], ["archivePrefix", "arXiv"]);
    }
    fields.push(["url", String(paper.url).replace(/[{}\s]/g, "")]);
    if (paper.listed.length) fields.push(["note", "Trending on " + paper.listed.join(", ")]);
    var body = fields.map(function (field) { return "  " + field[0] + " = {" + field[1] + "}"; });
    // Slugs are lower-case letters, digits and hyphens: a valid, unique citation key.
    return "@misc{" + paper.slug + ",\n" + body.join(",\n") + "\n}\n";
  }

  function bibtex(list) {
    return list.map(bibtexEntry).join("\n");
  }

  function download(list) {
    var blob = new Blob([bibtex(list)], { type: "application/x-bibtex;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "reading-list.bib";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function renderReadingList() {
    var frame = document.getElementById("reading-list-items");
    if (!frame) return;
    var list = readingList();
    list.forEach(complete); // entries saved while the paper's page was out of reach
    frame.textContent = "";
    if (!list.length) {
      var empty = document.createElement("p");
      empty.textContent = "No paper saved yet: press Save on a paper's page or card.";
      frame.appendChild(empty);
      return;
    }
    var count = document.createElement("p");
    count.textContent = list.length === 1 ? "1 paper saved." : list.length + " papers saved.";
    var items = document.createElement("ol");
    items.className = "reading-list__items";
    list.forEach(function (paper) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = paper.url;
      link.textContent = paper.title; // textContent: a title is never read as markup
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "reading-list__remove";
      remove.textContent = "Remove";
      remove.setAttribute("aria-label", "Remove " + paper.title);
      remove.addEventListener("click", function () { toggle(paper); });
      item.append(link, " ", remove);
      items.appendChild(item);
    });
    var exporter = document.createElement("button");
    exporter.type = "button";
    exporter.className = "md-button md-button--primary reading-list__export";
    exporter.textContent = "Download as BibTeX (.bib)";
    exporter.addEventListener("click", function () { download(readingList()); });
    frame.append(count, items, exporter);
  }

  // Material's search panel is role="dialog" without a name (axe: aria-dialog-name);
  // name it here rather than override the theme's search partial.
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  }

  function init() {
    nameSearchDialog();
    var baseline = since();
    document.querySelectorAll("[data-paper]").forEach(function (element) {
      decorate(element, baseline);
    });
    renderReadingList();
  }

  // Exposed for the browser tests and for readers who want the text without a file.
  window.papersiteReader = { bibtex: function () { return bibtex(readingList()); } };

  // Material's document$ emits on every page, including with instant navigation.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
