// The problems panel: every finding of every file, filterable by severity
// and category, each one a button that reveals it in the editor, with its
// quick fixes and its rule explanation one key away.

import { fill, h, plural } from "./dom.js";
import { safeHref } from "./markdown.js";

export const SEVERITIES = ["error", "warning", "info", "style"];
/** Problems listed before a "Show more" button. */
const PAGE = 60;

export const CATEGORIES = ["security", "cache", "size", "correctness", "maintainability", "style"];

export class ProblemsPanel {
  /** hooks: `reveal(d)`, `previewFix(d, fix)`, `explain(code)`. */
  constructor(root, hooks) {
    this.root = root;
    this.hooks = hooks;
    this.hidden = new Set();
    this.category = "";
    this.diagnostics = [];
    this.summary = h("p", { class: "panel-summary", "data-testid": "problems-summary", "aria-live": "polite" }, "Analysing…");
    this.severityButtons = new Map(
      SEVERITIES.map((severity) => [
        severity,
        h("button", {
          type: "button",
          class: `chip severity-${severity}`,
          "aria-pressed": "true",
          "data-severity": severity,
          onClick: () => this.toggleSeverity(severity),
        }),
      ]),
    );
    this.categorySelect = h(
      "select",
      { "aria-label": "Category", "data-testid": "problems-category", onChange: (e) => this.setCategory(e.target.value) },
      h("option", { value: "" }, "All categories"),
      CATEGORIES.map((c) => h("option", { value: c }, c)),
    );
    this.list = h("ol", { class: "problems", "data-testid": "problems", "data-state": "loading" });
    fill(root, 
      this.summary,
      h(
        "div",
        { class: "filters", role: "group", "aria-label": "Filter problems" },
        [...this.severityButtons.values()],
        this.categorySelect,
      ),
      this.list,
    );
  }

  toggleSeverity(severity) {
    if (this.hidden.has(severity)) this.hidden.delete(severity);
    else this.hidden.add(severity);
    this.renderList();
  }

  setCategory(category) {
    this.category = category;
    this.renderList();
  }

  render(diagnostics, elapsedMs) {
    this.diagnostics = diagnostics;
    this.elapsedMs = elapsedMs;
    this.renderList();
  }

  failed(message) {
    this.summary.textContent = message;
    this.list.dataset.state = "failed";
  }

  renderList() {
    const diagnostics = this.diagnostics;
    for (const [severity, button] of this.severityButtons) {
      const count = diagnostics.filter((d) => d.severity === severity).length;
      button.textContent = `${severity} ${count}`;
      button.setAttribute("aria-pressed", String(!this.hidden.has(severity)));
    }
    const shown = diagnostics.filter(
      (d) => !this.hidden.has(d.severity) && (!this.category || d.category === this.category),
    );
    // A long list costs time on every keystroke: the first PAGE items, then a button for the rest.
    const visible = this.showAll ? shown : shown.slice(0, PAGE);
    // The buttons find their finding by index at click time, so when what
    // the list shows is unchanged (an edit that moved no finding's line,
    // column or text), the DOM stays as it is.
    this.shown = visible;
    const signature = [shown.length, ...visible.map((d) => `${d.file}:${d.line}:${d.column}:${d.code}:${d.fixes.map((f) => f.title).join("|")}:${d.related.length}:${d.message}`)].join("\n");
    if (signature !== this.signature) {
      this.signature = signature;
      this.fillList(visible, shown.length);
    }
    this.list.dataset.state = "ready";
    this.list.dataset.count = String(diagnostics.length);
    this.list.dataset.shown = String(shown.length);
    this.summarise(diagnostics, shown);
  }

  fillList(visible, total) {
    fill(
      this.list,
      visible.map((d, index) => this.item(d, index)),
      total > visible.length
        ? h(
            "li",
            { class: "problem-more" },
            h("button", { type: "button", "data-action": "more", onClick: () => { this.showAll = true; this.renderList(); } }, `Show ${total - visible.length} more`),
          )
        : null,
    );
  }

  summarise(diagnostics, shown) {
    const time = this.elapsedMs === undefined ? "" : ` (${this.elapsedMs.toFixed(1)} ms)`;
    if (diagnostics.length === 0) {
      this.summary.textContent = `No problems found${time}.`;
    } else {
      const bySeverity = SEVERITIES.map((s) => [s, diagnostics.filter((d) => d.severity === s).length])
        .filter(([, n]) => n > 0)
        .map(([s, n]) => plural(n, s, s === "style" ? "style" : undefined));
      const filtered = shown.length === diagnostics.length ? "" : `; ${shown.length} shown`;
      this.summary.textContent = `${plural(diagnostics.length, "problem")}: ${bySeverity.join(", ")}${filtered}${time}.`;
    }
  }

  item(d, index) {
    const current = () => this.shown[index] ?? d;
    const reveal = h(
      "button",
      {
        type: "button",
        class: "problem",
        dataset: { code: d.code, line: String(d.line), file: d.file },
        onClick: () => this.hooks.reveal(current()),
      },
      h("span", { class: `problem-severity ${d.severity}` }, d.severity),
      h("span", { class: "problem-where" }, `${d.file}:${d.line}:${d.column} ${d.code}`),
      h("span", { class: "problem-message" }, d.message),
    );
    const actions = h(
      "div",
      { class: "problem-actions" },
      h("span", { class: "problem-category" }, d.category),
      h(
        "button",
        { type: "button", class: "link-button", "data-action": "explain", onClick: () => this.hooks.explain(d.code) },
        `Explain ${d.code}`,
      ),
      safeHref(d.url ?? "") ? h("a", { href: safeHref(d.url), target: "_blank", rel: "noopener noreferrer", class: "docs-link" }, "Docs ↗") : null,
      d.fixes.map((fix, fixIndex) =>
        h(
          "button",
          { type: "button", class: "fix-button", "data-action": "fix", onClick: () => this.hooks.previewFix(current(), current().fixes[fixIndex] ?? fix) },
          `Fix: ${fix.title}`,
        ),
      ),
    );
    // Secondary places ("defined here"), each one a way to get there.
    const related = (d.related ?? []).map((r, relatedIndex) =>
      h(
        "button",
        {
          type: "button",
          class: "link-button related",
          onClick: () => {
            const place = current().related?.[relatedIndex] ?? r;
            this.hooks.reveal({ ...current(), file: place.file, utf16: place.utf16, line: place.line });
          },
        },
        `${r.file}:${r.line}: ${r.message}`,
      ),
    );
    return h("li", { class: `problem-item ${d.severity}` }, reveal, actions, related.length ? h("div", { class: "problem-related" }, related) : null);
  }
}
