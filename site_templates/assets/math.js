/* Render the TeX math papersite marks as <span class="arithmatex">\(...\)</span>
   (or \[...\] for display math) with the vendored KaTeX. The span's text is the TeX
   exactly as typed; KaTeX builds its own DOM from it, so no markup from a listing
   ever reaches the page. Untrusted commands (\href, \url, \html...) stay disabled. */
(() => {
  "use strict";
  const render = () => {
    if (typeof katex === "undefined") return;
    document.querySelectorAll("span.arithmatex").forEach((span) => {
      if (span.dataset.rendered) return;
      const text = span.textContent.trim();
      const display = text.slice(0, 2) === "\\[";
      const tex = text.slice(2, -2);
      try {
        katex.render(tex, span, {
          displayMode: display,
          throwOnError: false,
          trust: false,
          strict: "ignore",
          maxExpand: 100,
          maxSize: 10 /* em: \rule{400em}{400em} would cover the page */,
        });
        span.dataset.rendered = "1";
      } catch {
        /* Leave the TeX as typed. */
      }
    });
  };
  if (typeof document$ !== "undefined") {
    document$.subscribe(render); /* Material's instant navigation, when enabled */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
