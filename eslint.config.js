// ESLint for the site's own scripts (site_templates/), run by tests/project/test_lint.py.
// One modern style: const/let, arrow functions, template literals, strict equality.
import js from "@eslint/js";
import globals from "globals";

const material = {
  // Material for MkDocs' storage helpers (site_templates/assets/javascripts/md-storage.js)
  // and its observable of page loads.
  __md_get: "readonly",
  __md_set: "readonly",
  __md_scope: "readonly",
  document$: "readonly",
};

export default [
  {
    // Vendored as released: lunr (search) and KaTeX (math), with their licences.
    ignores: ["site_templates/assets/javascripts/vendor/", "site_templates/assets/katex/"],
  },
  js.configs.recommended,
  {
    files: ["site_templates/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, ...material, katex: "readonly" },
    },
    rules: {
      "no-var": "error",
      "prefer-const": "error",
      "prefer-arrow-callback": "error",
      "func-style": ["error", "declaration", { allowArrowFunctions: true }],
      "object-shorthand": "error",
      "prefer-template": "error",
      eqeqeq: "error",
    },
  },
  {
    // The search worker runs in a Web Worker, not a page.
    files: ["site_templates/assets/javascripts/papersite-search.js"],
    languageOptions: { globals: { ...globals.worker, lunr: "readonly" } },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "module" },
  },
];
