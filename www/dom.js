// Small DOM helpers. Every string a caller passes becomes a text node or an
// attribute value, never markup: user text cannot turn into HTML here.

const SVG_NS = "http://www.w3.org/2000/svg";

function apply(node, props) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "text") node.textContent = String(value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "hidden" || key === "disabled" || key === "checked" || key === "selected") node[key] = Boolean(value);
    else if (key === "value") node.value = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: `h("button", { class: "x", onClick }, "text", child)`. */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  apply(node, props);
  append(node, children);
  return node;
}

/** An SVG element, same calling convention. */
export function svg(tag, props, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  apply(node, props);
  append(node, children);
  return node;
}

/** `12.3 MB`, `850 kB`, `0 B` (decimal units, as `docker image ls`). */
export function humanBytes(bytes) {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return "?";
  const units = [
    ["GB", 1e9],
    ["MB", 1e6],
    ["kB", 1e3],
  ];
  for (const [unit, size] of units) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} B`;
}

/** `3 s`, `1.5 min`, `0.2 s`. */
export function humanSeconds(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "?";
  if (seconds >= 90) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds >= 10) return `${seconds.toFixed(0)} s`;
  return `${seconds.toFixed(1)} s`;
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** Announce a short message to screen readers and show it as a toast. */
export function announce(message, { action } = {}) {
  const region = document.getElementById("toast");
  if (!region) return;
  const body = h("div", { class: "toast-body", role: "status" }, h("span", { text: message }));
  if (action) {
    body.append(
      h("button", { type: "button", class: "toast-action", onClick: () => { action.run(); body.remove(); } }, action.label),
    );
  }
  region.replaceChildren(body);
  setTimeout(() => body.remove(), action ? 12_000 : 4_000);
}

/**
 * Re-render `root` and give focus back to the control that had it, found
 * again by its test id, action, path or label (re-rendering replaces the
 * nodes, and a keyboard user must not be thrown back to the page start).
 */
export function keepFocus(root, render) {
  const active = root.contains(document.activeElement) ? document.activeElement : null;
  const key = active && ["data-testid", "data-action", "data-path", "aria-label", "id"].map((name) => [name, active.getAttribute(name)]).find(([, v]) => v);
  render();
  if (!key) return;
  const [name, value] = key;
  const again = root.querySelector(`[${name}="${CSS.escape(value)}"]`);
  again?.focus();
}

/** Replace the children of `root` (arrays are flattened; null, undefined and false are skipped). */
export function fill(root, ...children) {
  root.replaceChildren();
  append(root, children);
  return root;
}
