// The Node entry of the package (pkg/node.js): loads the wasm by itself.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { analyze, formatReport, version } from "../../pkg/node.js";
import { BROKEN_DOCKERFILE, CLEAN_DOCKERFILE, PKG, crateVersion } from "./helpers.mjs";

test("version() is the crate version and the package version", () => {
  assert.equal(version(), crateVersion());
  const manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  assert.equal(manifest.version, version());
});

test("analyze() returns a report with positions in every unit", () => {
  const report = analyze({ files: { Dockerfile: BROKEN_DOCKERFILE } });
  assert.equal(report.version, crateVersion());
  assert.deepEqual(report.files, [{ name: "Dockerfile", kind: "dockerfile" }]);
  const form = report.diagnostics.find((d) => d.code === "DL1000");
  assert.ok(form, "a syntax error");
  assert.equal(form.line, 2);
  assert.equal(form.severity, "error");
  assert.equal(form.file, "Dockerfile");
  const start = BROKEN_DOCKERFILE.indexOf("FORM");
  assert.equal(form.range.start, start);
  assert.equal(form.utf16.start, start);
  assert.equal(form.column, 1);
  assert.equal(form.endLine, 2);
  assert.ok(form.endColumn > form.column);
  assert.ok(Array.isArray(form.fixes) && Array.isArray(form.related));
});

test("UTF-16 offsets index JavaScript strings, byte offsets do not", () => {
  const text = 'LABEL note="é😀"\nFORM x\n';
  const report = analyze({ files: { Dockerfile: text } });
  const form = report.diagnostics.find((d) => d.code === "DL1000" && d.line === 2);
  assert.ok(form, "a syntax error on line 2");
  assert.equal(text.indexOf("FORM"), form.utf16.start);
  assert.ok(text.slice(form.utf16.start, form.utf16.end).startsWith("FORM"));
  assert.equal(form.range.start, Buffer.byteLength(text.slice(0, text.indexOf("FORM"))));
  assert.notEqual(form.range.start, form.utf16.start);
});

test("a clean file has no error-level findings", () => {
  const report = analyze({ files: { Dockerfile: CLEAN_DOCKERFILE } });
  assert.ok(!report.diagnostics.some((d) => d.severity === "error"), JSON.stringify(report.diagnostics));
});

test("options.kinds forces the kind of a file", () => {
  const plain = analyze({ files: { "notes.txt": BROKEN_DOCKERFILE } });
  assert.equal(plain.files[0].kind, "other");
  assert.equal(plain.diagnostics.length, 0);
  const forced = analyze({
    files: { "notes.txt": BROKEN_DOCKERFILE },
    options: { kinds: { "notes.txt": "dockerfile" } },
  });
  assert.equal(forced.files[0].kind, "dockerfile");
  assert.ok(forced.diagnostics.some((d) => d.code === "DL1000"));
});

test("invalid input throws an Error instead of crashing", () => {
  assert.throws(() => analyze("FROM x"), Error);
  assert.throws(() => analyze({ files: { Dockerfile: 42 } }), /invalid input/);
  // The module still works afterwards.
  assert.equal(analyze({ files: {} }).diagnostics.length, 0);
});

test("formatReport() renders every format", () => {
  const report = analyze({ files: { Dockerfile: BROKEN_DOCKERFILE } });
  const json = JSON.parse(formatReport(report, { format: "json" }));
  assert.ok(Array.isArray(json) && json.length === report.diagnostics.length);
  const sarif = JSON.parse(formatReport(report, { format: "sarif" }));
  assert.equal(sarif.version, "2.1.0");
  const tty = formatReport(report, { format: "tty", sources: { Dockerfile: BROKEN_DOCKERFILE } });
  assert.match(tty, /^Dockerfile:2:1 DL1000 error: /m);
  assert.match(tty, /^2 \| FORM x$/m);
  assert.ok(!tty.includes("\x1b["), "no colour unless asked");
  assert.ok(formatReport(report, { format: "tty", color: true }).includes("\x1b["));
  assert.match(formatReport(report, { format: "checkstyle" }), /^<\?xml/);
  assert.equal(formatReport(report), formatReport(report, { format: "tty" }), "tty is the default");
  assert.throws(() => formatReport(report, { format: "xml" }), /unknown variant/);
});
