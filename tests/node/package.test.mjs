// The assembled package: manifest, packed contents, and the hand-written
// TypeScript types checked against a real report and by the compiler.

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { analyze, formatReport } from "../../pkg/node.js";
import { BROKEN_DOCKERFILE, PKG, ROOT, crateVersion } from "./helpers.mjs";

const manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));

test("the manifest is stamped and shaped for browsers, bundlers and Node", () => {
  assert.equal(manifest.name, "layerlab");
  assert.equal(manifest.version, crateVersion());
  assert.equal(manifest.type, "module");
  assert.equal(manifest.sideEffects, false);
  assert.equal(manifest.engines.node, ">=18");
  assert.deepEqual(manifest.bin, { layerlab: "./bin/layerlab.js" });
  const conditions = Object.keys(manifest.exports["."]);
  assert.deepEqual(conditions, ["types", "browser", "node", "default"], "types first, default last");
  const template = JSON.parse(readFileSync(join(ROOT, "pkg-config", "package.json"), "utf8"));
  assert.ok(!("version" in template), "the template carries no version");
});

test("npm pack ships only the artefacts and exactly one .wasm", () => {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: PKG,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [packed] = JSON.parse(output);
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    "README.md",
    "bin/layerlab.js",
    "index.d.ts",
    "index.js",
    "node.js",
    "package.json",
    "wasm/layerlab.js",
    "wasm/layerlab_bg.wasm",
  ]);
  assert.equal(files.filter((f) => f.endsWith(".wasm")).length, 1);
  const bin = packed.files.find((f) => f.path === "bin/layerlab.js");
  assert.ok(bin.mode & 0o111, "the CLI is executable");
  assert.ok(readFileSync(join(PKG, "bin", "layerlab.js"), "utf8").startsWith("#!/usr/bin/env node\n"));
});

test("the package resolves by name through its exports map", () => {
  // Node picks the "node" condition; the entry loads the wasm by itself.
  const script = 'import("layerlab").then((m) => console.log(m.version()))';
  const result = spawnSync(process.execPath, ["-e", script], {
    cwd: PKG, // a package can import itself by name through "exports"
    encoding: "utf8",
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), crateVersion());
  const wasmExport = manifest.exports["./layerlab_bg.wasm"];
  assert.ok(readdirSync(join(PKG, "wasm")).includes(wasmExport.split("/").pop()));
});

/** Property names of `export interface NAME { ... }` in index.d.ts. */
function declaredKeys(name) {
  const dts = readFileSync(join(PKG, "index.d.ts"), "utf8");
  const body = dts.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`));
  assert.ok(body, `index.d.ts declares ${name}`);
  const keys = {};
  for (const [, key, optional] of body[1].matchAll(/^\s+(\w+)(\??):/gm)) keys[key] = optional === "?";
  return keys;
}

function assertMatchesDeclaration(name, object) {
  const declared = declaredKeys(name);
  for (const key of Object.keys(object)) {
    assert.ok(key in declared, `${name}.${key} is in the report but not in index.d.ts`);
  }
  for (const [key, optional] of Object.entries(declared)) {
    if (!optional) assert.ok(key in object, `${name}.${key} is declared but missing from the report`);
  }
}

test("index.d.ts declares exactly the fields a real report has", () => {
  const report = analyze({ files: { Dockerfile: BROKEN_DOCKERFILE } });
  const diagnostic = report.diagnostics[0];
  assert.ok(diagnostic, "the sample has a finding");
  assertMatchesDeclaration("Report", report);
  assertMatchesDeclaration("FileSummary", report.files[0]);
  assertMatchesDeclaration("Diagnostic", diagnostic);
  assertMatchesDeclaration("TextRange", diagnostic.range);
  assertMatchesDeclaration("Utf16Range", diagnostic.utf16);
  for (const d of report.diagnostics) {
    for (const fix of d.fixes) {
      assertMatchesDeclaration("Fix", fix);
      fix.edits.forEach((edit) => assertMatchesDeclaration("Edit", edit));
    }
    d.related.forEach((related) => assertMatchesDeclaration("Related", related));
  }
  const [finding] = JSON.parse(formatReport(report, { format: "json" }));
  assertMatchesDeclaration("JsonFinding", finding);
});

test("tsc accepts typed usage and rejects wrong usage", () => {
  const tsc = join(ROOT, "node_modules", ".bin", "tsc");
  const result = spawnSync(tsc, ["-p", join(ROOT, "tests", "types", "tsconfig.json")], {
    encoding: "utf8",
  });
  assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
});
