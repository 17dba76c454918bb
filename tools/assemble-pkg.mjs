#!/usr/bin/env node
// Assemble the npm package in pkg/ from the templates in pkg-config/ and the
// wasm-bindgen output (`--target web`, already optimised by wasm-opt).
//
//   node tools/assemble-pkg.mjs --glue target/wasm-bindgen/layerlab.js \
//                               --wasm target/wasm-bindgen/layerlab_bg.opt.wasm
//
// The version is stamped from crate/Cargo.toml. The script fails when a path
// the manifest names (files, exports, bin) is missing from the result.

import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const templates = join(root, "pkg-config");

const { values } = parseArgs({
  options: {
    glue: { type: "string" },
    wasm: { type: "string" },
    out: { type: "string", default: join(root, "pkg") },
  },
});
if (!values.glue || !values.wasm) {
  console.error("usage: assemble-pkg.mjs --glue GLUE.js --wasm MODULE.wasm [--out DIR]");
  process.exit(2);
}

/** The `version` of the `[package]` table of crate/Cargo.toml. */
function crateVersion() {
  const toml = readFileSync(join(root, "crate", "Cargo.toml"), "utf8");
  let section = "";
  for (const line of toml.split("\n")) {
    const header = line.match(/^\s*\[([^\]]+)\]\s*$/);
    if (header) section = header[1].trim();
    const version = line.match(/^\s*version\s*=\s*"([^"]+)"/);
    if (section === "package" && version) return version[1];
  }
  throw new Error("no [package] version in crate/Cargo.toml");
}

const out = resolve(values.out);
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "bin"), { recursive: true });
mkdirSync(join(out, "wasm"), { recursive: true });

const copies = [
  [join(templates, "index.js"), "index.js"],
  [join(templates, "node.js"), "node.js"],
  [join(templates, "index.d.ts"), "index.d.ts"],
  [join(templates, "bin", "layerlab.js"), "bin/layerlab.js"],
  [join(templates, "npm-README.md"), "README.md"],
  [resolve(values.glue), "wasm/layerlab.js"],
  [resolve(values.wasm), "wasm/layerlab_bg.wasm"],
];
if (existsSync(join(root, "LICENSE"))) copies.push([join(root, "LICENSE"), "LICENSE"]);
for (const [from, to] of copies) copyFileSync(from, join(out, to));
chmodSync(join(out, "bin", "layerlab.js"), 0o755);

const manifest = JSON.parse(readFileSync(join(templates, "package.json"), "utf8"));
if ("version" in manifest) throw new Error("pkg-config/package.json must not carry a version");
const version = crateVersion();
// Put `version` right after `name`, where people look for it.
const { name, ...rest } = manifest;
const stamped = { name, version, ...rest };
writeFileSync(join(out, "package.json"), JSON.stringify(stamped, null, 2) + "\n");

// Every path the manifest promises must exist.
const promised = new Set([...stamped.files, ...Object.values(stamped.bin ?? {})]);
const collect = (value) => {
  if (typeof value === "string") promised.add(value);
  else if (value && typeof value === "object") Object.values(value).forEach(collect);
};
collect(stamped.exports);
for (const path of promised) {
  if (!existsSync(join(out, path))) throw new Error(`pkg/${path} is named in package.json but missing`);
}
console.log(`assemble-pkg: ${stamped.name}@${version} in ${out}`);
