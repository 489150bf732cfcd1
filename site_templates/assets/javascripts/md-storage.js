// Material for MkDocs 9.8 (MIT licence), partials/javascripts/base.html, with the scope
// read from the script element's data-scope instead of being templated into the page;
// written out in this repository's style. Material's bundle reads these four globals.
window.__md_scope = new URL(document.currentScript.dataset.scope, location);
window.__md_hash = (text) =>
  [...text].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0);
window.__md_get = (key, storage = localStorage, scope = __md_scope) =>
  JSON.parse(storage.getItem(`${scope.pathname}.${key}`));
window.__md_set = (key, value, storage = localStorage, scope = __md_scope) => {
  try {
    storage.setItem(`${scope.pathname}.${key}`, JSON.stringify(value));
  } catch {
    /* storage full or blocked: the choice is not kept */
  }
};
