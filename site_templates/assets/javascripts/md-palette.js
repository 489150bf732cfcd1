// Material for MkDocs 9.8 (MIT licence), partials/javascripts/palette.html: the same
// statements, written out in this repository's style and run in their own scope.
(() => {
  const palette = __md_get("__palette");
  if (!palette || !palette.color) return;
  if (palette.color.media === "(prefers-color-scheme)") {
    const media = matchMedia("(prefers-color-scheme: light)");
    const input = document.querySelector(
      media.matches
        ? "[data-md-color-media='(prefers-color-scheme: light)']"
        : "[data-md-color-media='(prefers-color-scheme: dark)']",
    );
    palette.color.media = input.getAttribute("data-md-color-media");
    palette.color.scheme = input.getAttribute("data-md-color-scheme");
    palette.color.primary = input.getAttribute("data-md-color-primary");
    palette.color.accent = input.getAttribute("data-md-color-accent");
  }
  for (const [key, value] of Object.entries(palette.color)) {
    document.body.setAttribute(`data-md-color-${key}`, value);
  }
})();
