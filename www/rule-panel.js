// The Rule panel: a rule's own documentation (Markdown from the core,
// rendered to DOM nodes by markdown.js) with its code, severity, category,
// origin and a link to the external reference.

import { fill, h } from "./dom.js";
import { renderMarkdown, safeHref } from "./markdown.js";

export function renderRule(root, doc, code) {
  if (!doc) {
    fill(root, 
      h("p", { class: "muted", "data-testid": "rule-empty" }, code ? `No documentation for ${code}.` : "Choose “Explain” on a problem to read about its rule here."),
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
    ),
  );
}
