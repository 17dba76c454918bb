// The code editor: one CodeMirror 6 view, one EditorState per open file
// (so each file keeps its own undo history), Dockerfile and YAML modes,
// diagnostics from the core, and line highlights driven by the Layers panel.
//
// The view lives in a shadow root: there CodeMirror puts its styles in a
// constructed stylesheet (adoptedStyleSheets) instead of a <style> element,
// which the page's CSP (`style-src 'self'`, no 'unsafe-inline') would block.
// Colours come from the page's CSS custom properties, which inherit into the
// shadow tree, so the light/dark switch is pure CSS.
//
// Tab is not bound: it moves focus out of the editor (no keyboard trap).

import { Compartment, EditorState, StateEffect, StateField } from "@codemirror/state";
import {
  Decoration,
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { HighlightStyle, StreamLanguage, bracketMatching, syntaxHighlighting } from "@codemirror/language";
import { dockerFile } from "@codemirror/legacy-modes/mode/dockerfile";
import { properties } from "@codemirror/legacy-modes/mode/properties";
import { forEachDiagnostic, lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { tags } from "@lezer/highlight";
import { fileKind } from "./project.js";

const highlightStyle = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword], color: "var(--hl-keyword)", fontWeight: "600" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--hl-string)" },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: "var(--hl-comment)", fontStyle: "italic" },
  { tag: [tags.number, tags.bool, tags.atom, tags.null], color: "var(--hl-number)" },
  { tag: [tags.propertyName, tags.definition(tags.propertyName), tags.attributeName], color: "var(--hl-property)" },
  { tag: [tags.variableName, tags.special(tags.variableName)], color: "var(--hl-variable)" },
  { tag: [tags.meta, tags.processingInstruction, tags.labelName], color: "var(--hl-meta)" },
  { tag: tags.invalid, color: "var(--error)" },
]);

const editorTheme = EditorView.theme({
  "&": { height: "100%", backgroundColor: "var(--panel)", color: "var(--fg)" },
  "&.cm-focused": { outline: "2px solid var(--focus)", outlineOffset: "-2px" },
  ".cm-scroller": {
    fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
    fontSize: "0.88rem",
    lineHeight: "1.5",
  },
  ".cm-content": { caretColor: "var(--fg)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection":
    { backgroundColor: "var(--selection)" },
  ".cm-gutters": { backgroundColor: "var(--gutter)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)" },
  ".cm-layer-highlight": { backgroundColor: "var(--layer-highlight)" },
  ".cm-tooltip": {
    backgroundColor: "var(--panel)",
    color: "var(--fg)",
    border: "1px solid var(--border)",
    borderRadius: "6px",
    boxShadow: "0 4px 18px rgb(0 0 0 / 0.18)",
    maxWidth: "34rem",
  },
  ".cm-tooltip-lint": { padding: "0" },
  ".cm-diagnostic": { padding: "0.45rem 0.7rem", fontFamily: "system-ui, sans-serif", fontSize: "0.85rem" },
  ".ll-diag-message": { display: "block", marginBottom: "0.25rem" },
  ".ll-diag-rule": { display: "block", color: "var(--muted)", marginBottom: "0.35rem" },
  ".ll-diag-code": { fontFamily: "ui-monospace, Menlo, Consolas, monospace", fontWeight: "600" },
  ".ll-diag-actions": { display: "flex", flexWrap: "wrap", gap: "0.4rem", alignItems: "center" },
  ".ll-diag-actions a": { color: "var(--accent)" },
  ".ll-diag-actions button": {
    font: "inherit",
    fontSize: "0.8rem",
    padding: "0.15rem 0.5rem",
    border: "1px solid var(--border)",
    borderRadius: "4px",
    background: "var(--button)",
    color: "var(--fg)",
    cursor: "pointer",
  },
  ".ll-diag-actions button:focus-visible, .ll-diag-actions a:focus-visible": { outline: "2px solid var(--focus)" },
  ".cm-panels": { backgroundColor: "var(--panel)", color: "var(--fg)" },
  ".cm-panels.cm-panels-bottom": { borderTop: "1px solid var(--border)" },
  ".cm-textfield": { backgroundColor: "var(--bg)", color: "var(--fg)", border: "1px solid var(--border)" },
  ".cm-button": { backgroundImage: "none", backgroundColor: "var(--button)", color: "var(--fg)" },
  ".cm-lintRange-hint": { backgroundImage: "none", textDecoration: "underline dotted var(--style)" },
});

/** Layerlab severities to CodeMirror's (which has no "style"). */
const EDITOR_SEVERITY = { error: "error", warning: "warning", info: "info", style: "hint" };

const setHighlight = StateEffect.define();

/** Lines highlighted from outside (a hovered Layers row). */
const highlightField = StateField.define({
  create: () => Decoration.none,
  update(decorations, tr) {
    decorations = decorations.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setHighlight)) continue;
      const range = effect.value;
      if (!range) {
        decorations = Decoration.none;
        continue;
      }
      const marks = [];
      const doc = tr.state.doc;
      const last = Math.min(range.to, doc.lines);
      for (let line = Math.max(1, range.from); line <= last; line++) {
        marks.push(Decoration.line({ class: "cm-layer-highlight" }).range(doc.line(line).from));
      }
      decorations = Decoration.set(marks);
    }
    return decorations;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const isYaml = (path) => fileKind(path) === "compose" || /\.ya?ml$/i.test(path);

/**
 * The YAML mode is loaded on first use (a separate chunk): a project
 * without a compose file never downloads it.
 */
let yamlLanguage = null;
function loadYaml() {
  yamlLanguage ??= import("@codemirror/lang-yaml").then((module) => module.yaml());
  return yamlLanguage;
}

function languageFor(path) {
  switch (fileKind(path)) {
    case "dockerfile":
      return StreamLanguage.define(dockerFile);
    case "env":
      return StreamLanguage.define(properties);
    default:
      return [];
  }
}

/**
 * The editor. `hooks`:
 * - `onEdit(path, text)` after each document change;
 * - `onHoverLine(path, line | null)` when the pointer moves over another line;
 * - `renderDiagnostic(diagnostic, path)` → Node for the hover and lint panel;
 * - `onQuickFix(path, offset)` for Ctrl-. at the cursor;
 * - `onBuild()` for Ctrl-Enter.
 */
export class Editor {
  constructor(host, hooks) {
    this.hooks = hooks;
    this.states = new Map();
    this.diagnostics = new Map();
    this.path = null;
    this.dark = new Compartment();
    this.language = new Compartment();
    this.lastHoverLine = null;
    const root = host.attachShadow({ mode: "open" });
    this.view = new EditorView({
      parent: root,
      root,
      dispatchTransactions: (transactions, view) => {
        view.update(transactions);
        if (this.path && transactions.some((tr) => tr.docChanged)) {
          this.hooks.onEdit(this.path, view.state.doc.toString());
        }
        if (this.path && transactions.some((tr) => tr.selection) && view.hasFocus) {
          // The cursor's line counts as hovered, for keyboard users.
          this.hooks.onHoverLine(this.path, view.state.doc.lineAt(view.state.selection.main.head).number);
        }
      },
    });
    this.view.dom.addEventListener("mousemove", (event) => {
      const pos = this.view.posAtCoords({ x: event.clientX, y: event.clientY });
      const line = pos === null ? null : this.view.state.doc.lineAt(pos).number;
      if (line !== this.lastHoverLine) {
        this.lastHoverLine = line;
        this.hooks.onHoverLine(this.path, line);
      }
    });
    this.view.dom.addEventListener("mouseleave", () => {
      this.lastHoverLine = null;
      this.hooks.onHoverLine(this.path, null);
    });
    this.darkMode = false;
  }

  extensions(path) {
    return [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      highlightActiveLine(),
      bracketMatching(),
      highlightSelectionMatches(),
      this.language.of(languageFor(path)),
      syntaxHighlighting(highlightStyle),
      lintGutter(),
      highlightField,
      editorTheme,
      this.dark.of(EditorView.darkTheme.of(this.darkMode)),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ "aria-label": `Editor: ${path}` }),
      keymap.of([
        { key: "Mod-.", run: (view) => (this.hooks.onQuickFix(path, view.state.selection.main.head), true) },
        { key: "Mod-Enter", run: () => (this.hooks.onBuild(), true) },
        ...defaultKeymap,
        ...historyKeymap,
        ...searchKeymap,
        ...lintKeymap,
      ]),
    ];
  }

  setDark(dark) {
    this.darkMode = dark;
    this.view.dispatch({ effects: this.dark.reconfigure(EditorView.darkTheme.of(dark)) });
  }

  /** Show `path` with `text` (keeping its state when the text is unchanged). */
  open(path, text) {
    if (this.path && this.path !== path) this.states.set(this.path, this.view.state);
    let state = this.states.get(path);
    if (!state || state.doc.toString() !== text) {
      state = EditorState.create({ doc: text, extensions: this.extensions(path) });
    }
    this.path = path;
    this.view.setState(state);
    this.view.dispatch({ effects: this.dark.reconfigure(EditorView.darkTheme.of(this.darkMode)) });
    this.applyDiagnostics();
    if (isYaml(path)) {
      loadYaml().then((language) => {
        if (this.path === path) this.view.dispatch({ effects: this.language.reconfigure(language) });
      }).catch((error) => console.warn("YAML highlighting unavailable:", error));
    }
  }

  /** Forget the kept state of files that are gone or were replaced. */
  forget(path) {
    this.states.delete(path);
    this.diagnostics.delete(path);
  }

  forgetAll() {
    this.states.clear();
    this.diagnostics.clear();
    this.path = null;
  }

  text() {
    return this.view.state.doc.toString();
  }

  /**
   * Set the report's diagnostics: `byFile` maps a path to report
   * diagnostics (UTF-16 ranges). Only the open file is dispatched now; the
   * others are applied when opened.
   */
  setReportDiagnostics(byFile) {
    this.diagnostics = byFile;
    this.applyDiagnostics();
  }

  applyDiagnostics() {
    if (!this.path) return;
    const list = this.diagnostics.get(this.path) ?? [];
    const length = this.view.state.doc.length;
    const path = this.path;
    const diagnostics = list.map((d) => {
      const from = Math.min(d.utf16.start, length);
      const to = Math.min(Math.max(d.utf16.end, from), length);
      return {
        from,
        to,
        severity: EDITOR_SEVERITY[d.severity] ?? "info",
        message: d.message,
        renderMessage: () => this.hooks.renderDiagnostic(d, path),
      };
    });
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }

  /** The editor diagnostics currently shown (for tests and the quick-fix key). */
  shownDiagnostics() {
    const out = [];
    forEachDiagnostic(this.view.state, (d, from, to) => out.push({ ...d, from, to }));
    return out;
  }

  select(from, to = from) {
    const length = this.view.state.doc.length;
    this.view.dispatch({
      selection: { anchor: Math.min(from, length), head: Math.min(to, length) },
      scrollIntoView: true,
    });
  }

  selectLines(fromLine, toLine) {
    const doc = this.view.state.doc;
    if (fromLine > doc.lines) return;
    const start = doc.line(Math.max(1, fromLine)).from;
    const end = doc.line(Math.min(doc.lines, Math.max(fromLine, toLine))).to;
    this.select(start, end);
  }

  highlightLines(range) {
    this.view.dispatch({ effects: setHighlight.of(range) });
  }

  /**
   * Apply edits `[{from, to, insert}]` as one change; returns a token
   * `undoChange` accepts while the document is still what the change left.
   */
  applyChanges(changes) {
    const before = this.view.state.doc;
    const set = this.view.state.changes(changes);
    this.view.dispatch({ changes: set, userEvent: "input.fix", scrollIntoView: true });
    return { path: this.path, inverse: set.invert(before), after: this.view.state.doc };
  }

  /** Undo a change from `applyChanges`; false when the file changed since. */
  undoChange(token) {
    if (this.path !== token.path || !this.view.state.doc.eq(token.after)) return false;
    this.view.dispatch({ changes: token.inverse, userEvent: "undo.fix" });
    return true;
  }

  focus() {
    this.view.focus();
  }
}
