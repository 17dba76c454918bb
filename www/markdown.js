// A tiny Markdown renderer for rule documentation, producing DOM nodes.
//
// It knows what the rule docs use: `#` headings, paragraphs, fenced code
// blocks, `-`/`*`/`1.` lists, and inline `code`, **bold**, *emphasis* and
// [links](https://…). Text is only ever set with textContent; a link is kept
// only when its target is http(s), otherwise it renders as its text.

import { h } from "./dom.js";

/** A safe href, or null: only absolute http(s) URLs pass. */
export function safeHref(target) {
  try {
    const url = new URL(target);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

const INLINE = /(`+)([\s\S]*?)\1|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

/** Inline Markdown as a list of nodes. */
export function renderInline(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    const [, ticks, code, bold, emphasis, label, target] = match;
    if (ticks) nodes.push(h("code", { text: code.trim() }));
    else if (bold !== undefined) nodes.push(h("strong", null, renderInline(bold)));
    else if (emphasis !== undefined) nodes.push(h("em", null, renderInline(emphasis)));
    else {
      const href = safeHref(target);
      nodes.push(
        href
          ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, renderInline(label))
          : document.createTextNode(label),
      );
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

/**
 * Render Markdown to a DocumentFragment. `headingOffset` shifts heading
 * levels so a rule's `##` sits under the page's own headings.
 */
export function renderMarkdown(markdown, { headingOffset = 1 } = {}) {
  const fragment = document.createDocumentFragment();
  const lines = String(markdown).replace(/\r\n?/g, "\n").split("\n");
  let paragraph = [];
  let list = null;

  const flushParagraph = () => {
    if (paragraph.length) fragment.append(h("p", null, renderInline(paragraph.join(" "))));
    paragraph = [];
  };
  const flushList = () => {
    if (list) fragment.append(list);
    list = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^\s*(```+|~~~+)\s*([\w+-]*)/);
    if (fence) {
      flushParagraph();
      flushList();
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith(fence[1])) body.push(lines[i++]);
      const code = h("code", { text: body.join("\n") });
      if (fence[2]) code.dataset.lang = fence[2];
      fragment.append(h("pre", { class: "md-code" }, code));
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      flushParagraph();
      flushList();
      const level = Math.min(6, heading[1].length + headingOffset);
      fragment.append(h(`h${level}`, { class: "md-heading" }, renderInline(heading[2].trim())));
      continue;
    }
    const item = line.match(/^\s*(?:[-*]|(\d+)\.)\s+(.*)$/);
    if (item) {
      flushParagraph();
      const tag = item[1] ? "ol" : "ul";
      if (!list || list.tagName.toLowerCase() !== tag) {
        flushList();
        list = h(tag);
      }
      list.append(h("li", null, renderInline(item[2])));
      continue;
    }
    if (line.trim() === "") {
      flushParagraph();
      flushList();
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      // A continuation line of the last list item.
      list.lastElementChild.append(" ", ...renderInline(line.trim()));
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flushParagraph();
  flushList();
  return fragment;
}
