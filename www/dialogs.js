// Small modal forms on a shared <dialog>: ask for a few values, resolve to
// them or to null on cancel. Focus returns to where it was (the dialog
// element does that), Esc cancels.

import { fill, h } from "./dom.js";

/**
 * `fields = [{ name, label, value?, type?, pattern?, help? }]`; resolves to
 * `{ name: value }` or null.
 */
export function askFields(dialog, { title, submit = "OK", fields, description }) {
  const inputs = fields.map((field) =>
    h("input", {
      name: field.name,
      id: `ask-${field.name}`,
      type: field.type ?? "text",
      value: field.value ?? "",
      pattern: field.pattern,
      required: field.required === false ? undefined : true,
      autocomplete: "off",
      spellcheck: "false",
      "data-testid": `ask-${field.name}`,
    }),
  );
  const form = h(
    "form",
    { method: "dialog", class: "dialog-body" },
    h("h2", { id: "ask-title" }, title),
    description ? h("p", { class: "muted" }, description) : null,
    fields.map((field, i) =>
      h(
        "div",
        { class: "field" },
        h("label", { for: `ask-${field.name}` }, field.label),
        inputs[i],
        field.help ? h("small", { class: "muted" }, field.help) : null,
      ),
    ),
    h(
      "div",
      { class: "dialog-actions" },
      h("button", { type: "button", value: "cancel", "data-action": "cancel" }, "Cancel"),
      h("button", { type: "submit", class: "primary", value: "ok", "data-testid": "ask-submit" }, submit),
    ),
  );
  fill(dialog, form);
  dialog.setAttribute("aria-labelledby", "ask-title");
  return new Promise((resolve) => {
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      if (dialog.open) dialog.close();
      resolve(value);
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      finish(Object.fromEntries(fields.map((f, i) => [f.name, inputs[i].value])));
    });
    form.querySelector('[data-action="cancel"]').addEventListener("click", () => finish(null));
    dialog.addEventListener("close", () => finish(null), { once: true });
    dialog.showModal();
    inputs[0]?.focus();
    inputs[0]?.select();
  });
}

/** Show content in the dialog with a Close button (help, examples). */
export function showDialog(dialog, { title, body, id = "info-title" }) {
  const close = h("button", { type: "button", class: "dialog-close", "aria-label": "Close" }, "Close");
  fill(dialog, h("div", { class: "dialog-body wide" }, h("div", { class: "dialog-head" }, h("h2", { id }, title), close), body));
  dialog.setAttribute("aria-labelledby", id);
  close.addEventListener("click", () => dialog.close());
  dialog.showModal();
  close.focus();
}
