// ARIA tabs: roving tabindex, arrow keys / Home / End move between tabs
// and activate them (automatic activation), the panel follows.

export class Tabs {
  /** `onSelect(id)` after a tab is activated; tabs carry `data-panel`. */
  constructor(tablist, { onSelect, panelOf }) {
    this.tablist = tablist;
    this.onSelect = onSelect;
    this.panelOf = panelOf ?? ((tab) => document.getElementById(tab.getAttribute("aria-controls")));
    tablist.addEventListener("click", (event) => {
      const tab = event.target.closest('[role="tab"]');
      if (tab && tablist.contains(tab)) this.select(tab.dataset.panel);
    });
    tablist.addEventListener("keydown", (event) => this.keydown(event));
  }

  tabs() {
    return [...this.tablist.querySelectorAll('[role="tab"]')];
  }

  current() {
    return this.tabs().find((tab) => tab.getAttribute("aria-selected") === "true")?.dataset.panel ?? null;
  }

  select(id, { focus = false } = {}) {
    const tabs = this.tabs();
    const chosen = tabs.find((tab) => tab.dataset.panel === id) ?? tabs[0];
    if (!chosen) return;
    for (const tab of tabs) {
      const selected = tab === chosen;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = this.panelOf(tab);
      if (panel) panel.hidden = !selected;
    }
    if (focus) chosen.focus();
    this.onSelect?.(chosen.dataset.panel);
  }

  keydown(event) {
    const tabs = this.tabs();
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    let next = null;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = (index + 1) % tabs.length;
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = tabs.length - 1;
    if (next === null) return;
    event.preventDefault();
    this.select(tabs[next].dataset.panel, { focus: true });
  }
}
