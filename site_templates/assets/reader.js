/*
 * papersite reader features, all kept in this browser (no request, no third-party code):
 *
 * - "New" marks papers listed on a day after the reader's previous visit;
 * - a "Save" toggle on every paper page and card keeps a reading list;
 * - the Reading list page shows it and downloads it as a BibTeX file.
 *
 * Paper data comes from data-* attributes the generator writes (data_attributes in
 * generator/render/pages.py): data-paper (slug), data-title and data-listed (ISO days).
 * An entry of a day or tag list carries only data-paper and data-listed (the title, on
 * every entry of every list, was 25 MB of a 20,000-paper site). A saved paper's BibTeX
 * entry is the one its page's Cite block shows (generator/render/cite.py), read from
 * that page, this one or fetched from this site: the exported list cites a paper exactly
 * as its page does, and no entry is made here. Storage keys go through Material's
 * __md_get/__md_set, which prefix them with the site's path, so two sites on one host
 * keep separate lists.
 */
(() => {
  "use strict";

  const LIST = "papersite.readingList"; // [{slug, title, url, listed, bibtex}]
  const LAST_VISIT = "papersite.lastVisit"; // local ISO day of the latest visit
  const SINCE = "papersite.since"; // sessionStorage: the visit before this session ("" = none)
  const CITE_BLOCK = "pre.paper-bibtex code"; // a paper page's BibTeX entry

  const get = (key, store = localStorage) => {
    try {
      if (typeof __md_get === "function") return __md_get(key, store);
      return JSON.parse(store.getItem(key));
    } catch {
      return null; // storage blocked or a value that is not JSON: start afresh
    }
  };

  const set = (key, value, store = localStorage) => {
    try {
      if (typeof __md_set === "function") __md_set(key, value, store);
      else store.setItem(key, JSON.stringify(value));
    } catch {
      /* storage full or blocked: the page still works, it just forgets */
    }
  };

  const today = () => {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  };

  // The previous visit is read once per browser session and kept in sessionStorage, so
  // "new" stays put while the reader moves between pages; the next session compares
  // against today.
  const since = () => {
    const kept = get(SINCE, sessionStorage);
    if (typeof kept === "string") return kept;
    const previous = get(LAST_VISIT);
    const baseline = typeof previous === "string" ? previous : "";
    set(SINCE, baseline, sessionStorage);
    set(LAST_VISIT, today());
    return baseline;
  };

  const readingList = () => {
    const list = get(LIST);
    return Array.isArray(list) ? list.filter((item) => item && item.slug) : [];
  };

  // A card and the paper page's action bar carry the data themselves; in a day or tag
  // list it is an empty span inside the list item.
  const hostOf = (element) =>
    element.classList.contains("paper-data") ? element.parentElement : element;

  // The build's BibTeX entry of a paper: the Cite block of the page the action bar is on
  // (this page or a fetched one); "" on a card or list entry, until its page is read.
  const bibtexOf = (element) => {
    const block = element.classList.contains("paper-actions")
      ? element.ownerDocument.querySelector(CITE_BLOCK)
      : null;
    return block ? block.textContent : "";
  };

  const paperOf = (element) => {
    const onPage = element.classList.contains("paper-actions");
    const link = onPage ? null : hostOf(element).querySelector("a[href]");
    const paper = {
      slug: element.getAttribute("data-paper"),
      title: element.getAttribute("data-title") || "",
      url: link ? link.href : location.href.split("#")[0],
      listed: (element.getAttribute("data-listed") || "").split(" ").filter(Boolean),
      bibtex: bibtexOf(element),
    };
    if (!element.hasAttribute("data-title")) {
      // A list entry: the title as the link shows it until the paper's page is read.
      // Math in a title shows as arithmatex's \( \) until KaTeX runs: back to TeX's $.
      const shown = link ? link.textContent.replace(/\\[()]/g, "$") : paper.slug;
      paper.title = shown.replace(/\s+/g, " ").trim();
    }
    return paper;
  };

  // Fill in a saved paper from its page (the action bar's data and the Cite block), once
  // that page can be fetched; it stays as saved while the reader is offline. Papers saved
  // before the list kept BibTeX entries are completed the same way.
  const completing = new Map(); // slug -> the fetch of its page, while it runs

  const complete = (paper) => {
    if (paper.bibtex || !window.fetch) return Promise.resolve();
    if (!completing.has(paper.slug)) {
      const done = fetch(paper.url)
        .then((response) => {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then((html) => {
          const page = new DOMParser().parseFromString(html, "text/html");
          const bar = page.querySelector(".paper-actions[data-paper][data-title]");
          if (!bar || bar.getAttribute("data-paper") !== paper.slug) return;
          const full = { ...paperOf(bar), url: paper.url };
          const list = readingList();
          if (!list.some((item) => item.slug === paper.slug)) return;
          set(LIST, list.map((item) => (item.slug === paper.slug ? full : item)));
          renderReadingList();
        })
        .catch(() => {
          /* offline or moved: keep the title and link */
        })
        .finally(() => completing.delete(paper.slug));
      completing.set(paper.slug, done);
    }
    return completing.get(paper.slug);
  };

  const isSaved = (slug) => readingList().some((item) => item.slug === slug);

  const toggle = (paper) => {
    const list = readingList();
    const kept = list.filter((item) => item.slug !== paper.slug);
    const saving = kept.length === list.length;
    if (saving) kept.push(paper);
    set(LIST, kept);
    refreshButtons();
    renderReadingList();
    if (saving) complete(paper);
  };

  const refreshButtons = () => {
    document.querySelectorAll("button.paper-save").forEach((button) => {
      button.setAttribute("aria-pressed", String(isSaved(button.getAttribute("data-for"))));
    });
  };

  const saveButton = (paper) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "paper-save";
    button.setAttribute("data-for", paper.slug);
    button.setAttribute("aria-pressed", String(isSaved(paper.slug)));
    button.title = "Save to or remove from your reading list";
    button.textContent = "Save";
    button.addEventListener("click", () => toggle(paper));
    return button;
  };

  const newMark = () => {
    const mark = document.createElement("span");
    mark.className = "paper-new";
    mark.textContent = "New";
    mark.title = "Listed since your last visit";
    return mark;
  };

  const decorate = (element, baseline) => {
    const host = hostOf(element);
    if (!host || host.querySelector(".paper-save")) return; // already done on this page
    const paper = paperOf(element);
    const isNew = baseline !== "" && paper.listed.some((day) => day > baseline);
    if (element.classList.contains("paper-actions")) {
      // The bar is written at the end of the page (its own template include); shown
      // under the title, where a reader looks for it.
      const heading = document.querySelector("article h1");
      if (heading) heading.insertAdjacentElement("afterend", element);
      if (isNew) element.appendChild(newMark());
      element.appendChild(saveButton(paper));
      return;
    }
    // On a card: under the title's paragraph; in a list: right after the title link.
    const title = element.classList.contains("paper-card")
      ? element.querySelector(".paper-card__title")
      : null;
    const after = (title && title.closest("p")) || element;
    after.insertAdjacentElement("afterend", saveButton(paper));
    if (isNew) after.insertAdjacentElement("afterend", newMark());
  };

  // The saved entries as the build wrote them; a paper whose page could not be read yet
  // (saved from a list while offline) is named in a comment, which BibTeX ignores.
  const bibtex = (list) =>
    list
      .map((paper) =>
        paper.bibtex
          ? paper.bibtex
          : `% ${paper.title.replace(/\s+/g, " ")}: ${paper.url} (entry not loaded yet)\n`,
      )
      .join("\n");

  // The whole list as BibTeX, once every saved paper's page has been read (or failed).
  const exported = async () => {
    await Promise.all(readingList().map(complete));
    return bibtex(readingList());
  };

  const download = async () => {
    const blob = new Blob([await exported()], {
      type: "application/x-bibtex;charset=utf-8",
    });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "reading-list.bib";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };

  const renderReadingList = () => {
    const frame = document.getElementById("reading-list-items");
    if (!frame) return;
    const list = readingList();
    list.forEach(complete); // entries saved while the paper's page was out of reach
    frame.textContent = "";
    if (!list.length) {
      const empty = document.createElement("p");
      empty.textContent = "No paper saved yet: press Save on a paper's page or card.";
      frame.appendChild(empty);
      return;
    }
    const count = document.createElement("p");
    count.textContent = list.length === 1 ? "1 paper saved." : `${list.length} papers saved.`;
    const items = document.createElement("ol");
    items.className = "reading-list__items";
    list.forEach((paper) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = paper.url;
      link.textContent = paper.title; // textContent: a title is never read as markup
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "reading-list__remove";
      remove.textContent = "Remove";
      remove.setAttribute("aria-label", `Remove ${paper.title}`);
      remove.addEventListener("click", () => toggle(paper));
      item.append(link, " ", remove);
      items.appendChild(item);
    });
    const exporter = document.createElement("button");
    exporter.type = "button";
    exporter.className = "md-button md-button--primary reading-list__export";
    exporter.textContent = "Download as BibTeX (.bib)";
    exporter.addEventListener("click", download);
    frame.append(count, items, exporter);
  };

  // Material's search panel is role="dialog" without a name (axe: aria-dialog-name);
  // name it here rather than override the theme's search partial.
  const nameSearchDialog = () => {
    const dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  };

  const init = () => {
    nameSearchDialog();
    const baseline = since();
    document.querySelectorAll("[data-paper]").forEach((element) => decorate(element, baseline));
    renderReadingList();
  };

  // Exposed for the browser tests and for readers who want the text without a file.
  window.papersiteReader = { bibtex: exported };

  // Material's document$ emits on every page, including with instant navigation.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
