// The Rule panel: a rule's own documentation (Markdown from the core,
// rendered to DOM nodes by markdown.js) with its code, severity, category,
// origin and a link to the external reference.

import { fill, h } from "./dom.js";
import { renderMarkdown, safeHref } from "./markdown.js";

const TARGET_TITLES = { dockerfile: "Dockerfile", dockerignore: ".dockerignore", compose: "Compose" };

/** Every rule, grouped by the file it reads, each a button that shows its documentation. */
function ruleIndex(rules, open) {
  const groups = new Map();
  for (const rule of rules) {
    if (!groups.has(rule.target)) groups.set(rule.target, []);
    groups.get(rule.target).push(rule);
  }
  return h(
    "div",
    { class: "rule-index", "data-testid": "rule-index" },
    [...groups].map(([target, list]) => [
      h("h3", null, `${TARGET_TITLES[target] ?? target} rules (${list.length})`),
      h(
        "ul",
        { class: "rule-list" },
        list.map((rule) =>
          h(
            "li",
            null,
            h("button", { type: "button", class: "link-button", dataset: { code: rule.code }, onClick: () => open(rule.code) }, rule.code),
            ` ${rule.summary}`,
            rule.enabledByDefault ? null : h("span", { class: "muted" }, " (off by default)"),
          ),
        ),
      ),
    ]),
  );
}

/**
 * Show a rule's documentation, or (no code) the index of every rule.
 * `rules` is the core's rule list; `open(code)` shows another rule.
 */
export function renderRule(root, doc, code, { rules = [], open } = {}) {
  if (!doc) {
    fill(
      root,
      h("p", { class: "muted", "data-testid": "rule-empty" }, code ? `No documentation for ${code}.` : "Choose “Explain” on a problem, or a rule below, to read why it matters."),
      rules.length ? ruleIndex(rules, open) : null,
    );
    return;
  }
  const href = safeHref(doc.url);
  fill(root, 
    h(
      "article",
      { class: "rule-doc", "data-testid": "rule-doc", dataset: { code: doc.code } },
      h("h3", null, h("code", null, doc.code), ` ${doc.name}`),
      h(
        "p",
        { class: "chips" },
        h("span", { class: `chip severity-${doc.severity}` }, doc.severity),
        h("span", { class: "chip" }, doc.category),
        h("span", { class: "chip" }, `from ${doc.origin}`),
      ),
      h("p", { class: "rule-summary" }, doc.summary),
      h("div", { class: "markdown" }, renderMarkdown(doc.documentation, { headingOffset: 2 })),
      href ? h("p", null, h("a", { href, target: "_blank", rel: "noopener noreferrer" }, "Reference documentation ↗")) : null,
      open ? h("p", null, h("button", { type: "button", class: "link-button", "data-action": "all-rules", onClick: () => open(null) }, "All rules")) : null,
    ),
  );
}
