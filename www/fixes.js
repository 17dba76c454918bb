// Quick-fix preview: the lines a fix changes, before and after, in a modal
// dialog with Apply and Cancel. The caller applies it and offers Undo.

import { fill, h } from "./dom.js";

/** Apply UTF-16 edits `[{utf16:{start,end}, newText}]` to a string. */
export function applyEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => b.utf16.start - a.utf16.start);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.utf16.start) + edit.newText + out.slice(edit.utf16.end);
  return out;
}

/**
 * The changed region as diff lines: `[{ kind: " "|"-"|"+", text, line }]`,
 * with one line of context either side.
 */
export function diffLines(before, after) {
  const a = before.split("\n");
  const b = after.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--;
    endB--;
  }
  const out = [];
  const context = (index) => index >= 0 && index < a.length && out.push({ kind: " ", text: a[index], line: index + 1 });
  context(start - 1);
  for (let i = start; i <= endA; i++) out.push({ kind: "-", text: a[i], line: i + 1 });
  for (let i = start; i <= endB; i++) out.push({ kind: "+", text: b[i], line: i + 1 });
  context(endA + 1);
  return out;
}

/** Show the preview; resolves to true when the user applies the fix. */
export function previewFix({ dialog, file, code, fix, before }) {
  const after = applyEdits(before, fix.edits);
  const lines = diffLines(before, after);
  const apply = h("button", { type: "button", class: "primary", value: "apply", "data-testid": "fix-apply" }, "Apply fix");
  const cancel = h("button", { type: "button", value: "cancel" }, "Cancel");
  fill(dialog, 
    h(
      "div",
      { class: "dialog-body" },
      h("h2", { id: "fix-title" }, `${code}: ${fix.title}`),
      h("p", { class: "muted" }, `In ${file}. Review the change before applying it.`),
      h(
        "pre",
        { class: "diff", "data-testid": "fix-diff", "aria-label": "Change preview" },
        lines.map((l) =>
          h("span", { class: `diff-line diff-${l.kind === "-" ? "del" : l.kind === "+" ? "add" : "ctx"}` }, `${l.kind} ${l.text}\n`),
        ),
      ),
      h("div", { class: "dialog-actions" }, cancel, apply),
    ),
  );
  dialog.setAttribute("aria-labelledby", "fix-title");
  return new Promise((resolve) => {
    const finish = (result) => {
      dialog.close();
      resolve(result);
    };
    apply.addEventListener("click", () => finish(true));
    cancel.addEventListener("click", () => finish(false));
    dialog.addEventListener("cancel", () => resolve(false), { once: true });
    dialog.showModal();
    apply.focus();
  });
}
