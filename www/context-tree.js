// The virtual build context: every file of the project as a tree, with
// add, rename, edit, delete, chmod, "size without content", and a whole
// folder dropped on the page or picked (only names, sizes and SHA-256
// hashes are kept, plus the text of the files the analyses read).

import { announce, fill, h, humanBytes } from "./dom.js";
import { askFields } from "./dialogs.js";
import { DEFAULT_MODE, fileKind } from "./project.js";

/** Files over this are hashed by name, size and date instead of read whole. */
const HASH_LIMIT = 64 * 1024 * 1024;
/** The text of a Dockerfile, compose file, ignore file or .env is kept up to this size. */
const TEXT_LIMIT = 1024 * 1024;
/** A folder with more files than this is cut short (and says so). */
const MAX_FILES = 5000;

export const modeText = (mode) => (mode & 0o7777).toString(8).padStart(4, "0");

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** One picked or dropped file as a project entry. */
export async function describeFile(file) {
  if (fileKind(file.name) !== "other" && file.size <= TEXT_LIMIT) {
    return { text: await file.text() };
  }
  if (file.size > HASH_LIMIT) {
    const digest = await sha256Hex(new TextEncoder().encode(`${file.name}\0${file.size}\0${file.lastModified}`));
    return { size: file.size, hash: `meta:${digest}` };
  }
  return { size: file.size, hash: await sha256Hex(await file.arrayBuffer()) };
}

/** Walk a dropped directory entry (webkitGetAsEntry) into `[{path, file}]`. */
async function walkEntry(entry, prefix, out) {
  if (out.length >= MAX_FILES) return;
  if (entry.isFile) {
    const file = await new Promise((ok, fail) => entry.file(ok, fail));
    out.push({ path: prefix + entry.name, file });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = entry.createReader();
  for (;;) {
    const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) break;
    for (const child of batch) await walkEntry(child, `${prefix}${entry.name}/`, out);
  }
}

/** Strip the folder's own name: `myapp/src/a.js` → `src/a.js`. */
function stripRoot(items) {
  const first = items[0]?.path.split("/")[0];
  if (first && items.every((item) => item.path.startsWith(`${first}/`))) {
    return items.map((item) => ({ ...item, path: item.path.slice(first.length + 1) }));
  }
  return items;
}

export class ContextTree {
  /** hooks: `open(path)`, `load(snapshot)`, `openPath()` (the editor's file). */
  constructor(root, project, dialog, hooks) {
    this.root = root;
    this.project = project;
    this.dialog = dialog;
    this.hooks = hooks;
    this.selected = null;
    this.folderInput = h("input", {
      type: "file",
      multiple: true,
      webkitdirectory: true,
      hidden: true,
      "data-testid": "folder-input",
      onChange: (e) => this.importFiles([...e.target.files].map((file) => ({ path: file.webkitRelativePath || file.name, file }))),
    });
  }

  pickFolder() {
    this.folderInput.value = "";
    this.folderInput.click();
  }

  /** Accept a folder (or files) dropped anywhere on `target`. */
  acceptDrops(target) {
    target.addEventListener("dragover", (event) => {
      if (event.dataTransfer?.types?.includes("Files")) {
        event.preventDefault();
        target.classList.add("dropping");
      }
    });
    target.addEventListener("dragleave", () => target.classList.remove("dropping"));
    target.addEventListener("drop", async (event) => {
      if (!event.dataTransfer?.files?.length) return;
      event.preventDefault();
      target.classList.remove("dropping");
      const items = [...event.dataTransfer.items].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
      const out = [];
      for (const entry of items) await walkEntry(entry, "", out);
      await this.importFiles(out);
    });
  }

  async importFiles(items) {
    if (items.length === 0) return;
    const cut = items.length > MAX_FILES;
    const list = stripRoot(items.slice(0, MAX_FILES));
    const files = {};
    for (const { path, file } of list) {
      const spec = await describeFile(file);
      files[path] = spec.text !== undefined ? { t: spec.text } : { s: spec.size, h: spec.hash };
    }
    this.hooks.load({ v: 1, files, settings: {} });
    announce(
      `Opened ${list.length} files${cut ? ` (the first ${MAX_FILES} only)` : ""}: names, sizes and hashes kept; only Dockerfiles, compose, ignore and .env files keep their text.`,
    );
  }

  render() {
    const paths = this.project.paths();
    if (this.selected && !this.project.get(this.selected)) this.selected = null;
    const open = this.hooks.openPath();
    const rows = [];
    let lastDirs = [];
    for (const path of paths) {
      const parts = path.split("/");
      const dirs = parts.slice(0, -1);
      for (let i = 0; i < dirs.length; i++) {
        if (lastDirs[i] !== dirs[i]) {
          rows.push(h("li", { class: "tree-dir", dataset: { depth: String(i) } }, h("span", { class: `indent-${Math.min(i, 6)}` }, `${dirs[i]}/`)));
          lastDirs = dirs.slice(0, i + 1);
        }
      }
      lastDirs = dirs;
      const entry = this.project.get(path);
      const depth = Math.min(dirs.length, 6);
      const button = h(
        "button",
        {
          type: "button",
          class: ["tree-file", `indent-${depth}`, path === this.selected && "selected", path === open && "open"],
          "aria-pressed": String(path === this.selected),
          "aria-current": path === open ? "true" : undefined,
          // One tab stop for the whole list; arrow keys move within it.
          tabindex: path === (this.selected ?? open ?? paths[0]) ? "0" : "-1",
          dataset: { path },
          onClick: () => this.select(path),
        },
        h("span", { class: "tree-name" }, parts.at(-1)),
        h(
          "span",
          { class: "tree-meta" },
          entry.text === undefined ? `${humanBytes(entry.size)} · no content` : humanBytes(entry.size),
          entry.mode !== DEFAULT_MODE ? ` · ${modeText(entry.mode)}` : "",
        ),
      );
      rows.push(h("li", null, button));
    }
    const selected = this.selected ? this.project.get(this.selected) : null;
    const act = (label, action, enabled = true) =>
      h("button", { type: "button", disabled: !enabled, "data-action": action, onClick: () => this.run(action) }, label);
    fill(this.root, 
      h(
        "ul",
        {
          class: "tree",
          "data-testid": "context-tree",
          "aria-label": "Build context files (arrow keys move, Enter opens)",
          onKeydown: (event) => this.keydown(event),
        },
        rows,
      ),
      h(
        "div",
        { class: "tree-actions", role: "group", "aria-label": "File actions" },
        act("New file", "new"),
        act("New sized file", "new-sized"),
        act("Rename", "rename", Boolean(selected)),
        act("Chmod", "chmod", Boolean(selected)),
        act("Set size", "size", Boolean(selected)),
        act("Touch", "touch", Boolean(selected && selected.text === undefined)),
        act("Delete", "delete", Boolean(selected)),
        act("Open folder…", "folder"),
      ),
      h(
        "p",
        { class: "muted small" },
        selected
          ? `${this.selected}: ${humanBytes(selected.size)}, mode ${modeText(selected.mode)}${selected.text === undefined ? ", content not kept (edit with Set size or Touch)" : ""}.`
          : "Select a file; drop a folder anywhere on the page to use it as the context.",
      ),
      this.folderInput,
    );
  }

  keydown(event) {
    const buttons = [...this.root.querySelectorAll(".tree-file")];
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined || next < 0 || next >= buttons.length) return;
    event.preventDefault();
    for (const button of buttons) button.tabIndex = -1;
    buttons[next].tabIndex = 0;
    buttons[next].focus();
  }

  select(path) {
    this.selected = path;
    this.hooks.open(path);
    this.render();
    this.root.querySelector(`.tree-file[data-path="${CSS.escape(path)}"]`)?.focus();
  }

  async run(action) {
    const path = this.selected;
    try {
      switch (action) {
        case "new": {
          const v = await askFields(this.dialog, {
            title: "New file",
            submit: "Create",
            fields: [{ name: "path", label: "Path in the context", value: "src/new.txt" }],
          });
          if (v) {
            const created = this.project.add(v.path, { text: "" });
            this.select(created);
          }
          break;
        }
        case "new-sized": {
          const v = await askFields(this.dialog, {
            title: "New file without content",
            description: "A file the analyses know by size only, such as a 300 MB model or a database dump.",
            submit: "Create",
            fields: [
              { name: "path", label: "Path in the context", value: "data/model.bin" },
              { name: "size", label: "Size in bytes (k, M, G suffixes work)", value: "300M" },
            ],
          });
          if (v) this.select(this.project.add(v.path, { size: parseSize(v.size) }));
          break;
        }
        case "rename": {
          const v = await askFields(this.dialog, {
            title: `Rename ${path}`,
            submit: "Rename",
            fields: [{ name: "path", label: "New path", value: path }],
          });
          if (v && v.path !== path) this.select(this.project.rename(path, v.path));
          break;
        }
        case "chmod": {
          const v = await askFields(this.dialog, {
            title: `Permissions of ${path}`,
            submit: "Change",
            fields: [{ name: "mode", label: "Mode (octal)", value: modeText(this.project.get(path).mode), pattern: "[0-7]{3,4}" }],
          });
          if (v) this.project.chmod(path, parseInt(v.mode, 8));
          break;
        }
        case "size": {
          const v = await askFields(this.dialog, {
            title: `Size of ${path}`,
            description: "The file keeps its name and mode; its content is dropped and counts as changed.",
            submit: "Set size",
            fields: [{ name: "size", label: "Size in bytes (k, M, G suffixes work)", value: String(this.project.get(path).size) }],
          });
          if (v) this.project.setSize(path, parseSize(v.size));
          break;
        }
        case "touch":
          this.project.touch(path);
          announce(`${path} now has different content (same size).`);
          break;
        case "delete":
          this.project.remove(path);
          announce(`Deleted ${path}.`);
          this.selected = null;
          break;
        case "folder":
          this.pickFolder();
          break;
        default:
          break;
      }
    } catch (error) {
      announce(String(error.message ?? error));
    }
  }
}

/** `300M` → 300000000; `2k` → 2000; plain numbers are bytes. */
export function parseSize(text) {
  const m = String(text).trim().match(/^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i);
  if (!m) throw new Error(`not a size: ${text}`);
  const factor = { "": 1, k: 1e3, m: 1e6, g: 1e9 }[m[2].toLowerCase()];
  return Math.round(Number(m[1]) * factor);
}
