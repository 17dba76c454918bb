// The header's actions: the examples gallery, share link, downloads, open
// folder and the shortcut list. Each works on the project it is given.

import { announce, h } from "./dom.js";
import { showDialog } from "./dialogs.js";
import { encodeFragment } from "./share.js";
import { tarBlob, zipBlob } from "./archive.js";
import { EXAMPLES, exampleSnapshot } from "./examples/index.js";

const byId = (id) => document.getElementById(id);

/** Wire the header buttons. `loadSnapshot(snapshot)` replaces the project; `tree` picks folders. */
export function setupActions({ project, dialog, tree, loadSnapshot }) {
  byId("examples-button").addEventListener("click", () => {
    const list = h(
      "ul",
      { class: "gallery", "data-testid": "examples" },
      EXAMPLES.map((example) =>
        h(
          "li",
          null,
          h(
            "button",
            {
              type: "button",
              class: "example",
              dataset: { example: example.id },
              onClick: () => {
                dialog.close();
                loadSnapshot(exampleSnapshot(example));
                history.replaceState(null, "", location.pathname + location.search);
                announce(`Opened the example “${example.title}”.`);
              },
            },
            h("strong", null, example.title),
            h("span", { class: "muted" }, example.lesson),
          ),
        ),
      ),
    );
    showDialog(dialog, { title: "Examples", body: list, id: "examples-title" });
  });

  byId("share-button").addEventListener("click", async () => {
    const fragment = await encodeFragment(project.snapshot());
    const url = `${location.origin}${location.pathname}${location.search}#${fragment}`;
    history.replaceState(null, "", url);
    byId("open-full").href = `./#${fragment}`;
    try {
      await navigator.clipboard.writeText(url);
      announce(`Link copied (${url.length} characters). It holds the whole project; nothing is uploaded.`);
    } catch {
      announce("The link is in the address bar (the clipboard is not available here).");
    }
  });

  function archiveEntries() {
    const encoder = new TextEncoder();
    const entries = [];
    for (const path of project.paths()) {
      const entry = project.get(path);
      if (entry.text !== undefined) entries.push({ path, bytes: encoder.encode(entry.text), mode: entry.mode });
    }
    // Files known only by size and hash, and the settings, travel in a manifest.
    entries.push({ path: ".layerlab/project.json", bytes: encoder.encode(`${JSON.stringify(project.snapshot(), null, 2)}\n`), mode: 0o644 });
    return entries;
  }

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  byId("download-zip").addEventListener("click", () => download(zipBlob(archiveEntries(), { date: new Date() }), "layerlab-project.zip"));
  byId("download-tar").addEventListener("click", () =>
    download(tarBlob(archiveEntries(), { mtime: Date.now() / 1000 }), "layerlab-project.tar"),
  );
  byId("open-folder").addEventListener("click", () => tree.pickFolder());

  const SHORTCUTS = [
    ["Ctrl/⌘ + Enter", "Build: take the current state as the cache edits are compared with"],
    ["Ctrl/⌘ + .", "Preview the quick fix at the cursor"],
    ["F8 / Shift + F8", "Next / previous problem in the editor"],
    ["Ctrl/⌘ + Shift + M", "Open the editor's list of problems"],
    ["Ctrl/⌘ + F", "Search in the editor"],
    ["Tab / Shift + Tab", "Leave the editor (Tab does not indent, so focus is never trapped)"],
    ["Alt + 1 … 6", "Show Problems, Layers, Size, Graphs, Hardening, Rule"],
    ["← → in a tab list", "Move between tabs"],
    ["?", "This list (outside text fields)"],
    ["Esc", "Close a dialog"],
  ];

  function showShortcuts() {
    showDialog(dialog, {
      title: "Keyboard shortcuts",
      id: "shortcuts-title",
      body: h(
        "table",
        { class: "shortcuts", "data-testid": "shortcuts" },
        h("tbody", null, SHORTCUTS.map(([keys, what]) => h("tr", null, h("th", { scope: "row" }, h("kbd", null, keys)), h("td", null, what)))),
      ),
    });
  }
  byId("help-button").addEventListener("click", showShortcuts);

  return { showShortcuts };
}
