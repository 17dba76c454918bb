// The minimal playground: a CodeMirror 6 editor on a Dockerfile, analysed by
// the Rust core (wasm) on every change. Diagnostics go to the editor
// (underline, gutter, hover) and to a problems list.
//
// User text only ever reaches the page through `textContent`, never as HTML.
//
// The editor lives in a shadow root: there CodeMirror puts its styles in a
// constructed stylesheet (adoptedStyleSheets) instead of a <style> element,
// which the page's CSP (`style-src 'self'`, no 'unsafe-inline') would block.

import { EditorState } from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { StreamLanguage, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { dockerFile } from "@codemirror/legacy-modes/mode/dockerfile";
import { lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { analyze, init, version } from "../pkg/index.js";
import wasmUrl from "../pkg/wasm/layerlab_bg.wasm?url";
import { EXAMPLE_DOCKERFILE } from "./example.js";

const FILE_NAME = "Dockerfile";

/** Layerlab severities to CodeMirror's (which has no "style"). */
const EDITOR_SEVERITY = { error: "error", warning: "warning", info: "info", style: "hint" };

const problemsList = document.getElementById("problems");
const problemsSummary = document.getElementById("problems-summary");
const versionLabel = document.getElementById("version");

/** Turn report diagnostics into CodeMirror diagnostics (UTF-16 offsets). */
function editorDiagnostics(report, docLength) {
  return report.diagnostics
    .filter((d) => d.file === FILE_NAME)
    .map((d) => {
      const from = Math.min(d.utf16.start, docLength);
      const to = Math.min(Math.max(d.utf16.end, from), docLength);
      return {
        from,
        to,
        severity: EDITOR_SEVERITY[d.severity] ?? "info",
        source: d.code,
        message: d.message,
        actions: d.fixes.map((fix) => ({
          name: fix.title,
          apply(view) {
            view.dispatch({
              changes: fix.edits.map((edit) => ({
                from: edit.utf16.start,
                to: edit.utf16.end,
                insert: edit.newText,
              })),
            });
          },
        })),
      };
    });
}

function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

function summarise(diagnostics, elapsedMs) {
  if (diagnostics.length === 0) return `No problems found (${elapsedMs.toFixed(1)} ms).`;
  const bySeverity = ["error", "warning", "info", "style"]
    .map((severity) => [severity, diagnostics.filter((d) => d.severity === severity).length])
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => plural(count, severity, severity === "style" ? "style" : undefined));
  return `${plural(diagnostics.length, "problem")}: ${bySeverity.join(", ")} (${elapsedMs.toFixed(1)} ms).`;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderProblems(view, report, elapsedMs) {
  const items = report.diagnostics.map((d) => {
    const button = element("button", "problem");
    button.type = "button";
    button.dataset.code = d.code;
    button.dataset.line = String(d.line);
    button.append(
      element("span", `problem-severity ${d.severity}`, d.severity),
      element("span", "problem-where", `${d.line}:${d.column} ${d.code}`),
      element("span", "problem-message", d.message),
    );
    button.addEventListener("click", () => {
      const length = view.state.doc.length;
      view.dispatch({
        selection: { anchor: Math.min(d.utf16.start, length), head: Math.min(d.utf16.end, length) },
        scrollIntoView: true,
      });
      view.focus();
    });
    const item = element("li");
    item.append(button);
    return item;
  });
  problemsList.replaceChildren(...items);
  problemsList.dataset.state = "ready";
  problemsList.dataset.count = String(report.diagnostics.length);
  problemsSummary.textContent = summarise(report.diagnostics, elapsedMs);
}

let analyserReady = false;

function runAnalysis(view) {
  // Edits made while the wasm is still loading are analysed once it is ready.
  if (!analyserReady) return;
  const text = view.state.doc.toString();
  const started = performance.now();
  const report = analyze({ files: { [FILE_NAME]: text } });
  const elapsedMs = performance.now() - started;
  view.dispatch(setDiagnostics(view.state, editorDiagnostics(report, view.state.doc.length)));
  renderProblems(view, report, elapsedMs);
}

/** Layout and fonts of the editor; inside the shadow root, page CSS does not apply. */
const editorTheme = EditorView.theme({
  "&": { height: "calc(100vh - 8.5rem)", minHeight: "20rem", backgroundColor: "#ffffff" },
  ".cm-scroller": {
    fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
    fontSize: "0.9rem",
  },
});

function createEditor(host, onDocChanged) {
  const root = host.attachShadow({ mode: "open" });
  return new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc: EXAMPLE_DOCKERFILE,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        StreamLanguage.define(dockerFile),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        lintGutter(),
        editorTheme,
        EditorView.contentAttributes.of({ "aria-label": "Dockerfile" }),
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap]),
      ],
    }),
    // Analyse after each document change, once the update is applied.
    dispatchTransactions(transactions, view) {
      view.update(transactions);
      if (transactions.some((tr) => tr.docChanged)) onDocChanged(view);
    },
  });
}

async function main() {
  const view = createEditor(document.getElementById("editor"), runAnalysis);
  try {
    await init({ module_or_path: wasmUrl });
  } catch (error) {
    problemsSummary.textContent = `Could not load the analyser: ${error}`;
    problemsList.dataset.state = "failed";
    throw error;
  }
  analyserReady = true;
  versionLabel.textContent = `core ${version()}`;
  runAnalysis(view);
}

main().catch((error) => console.error(error));
