// Shared bits of the Node test suites: paths into the repository and the
// built package (pkg/, made by `make build`).

import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const PKG = join(ROOT, "pkg");
export const CLI = join(PKG, "bin", "layerlab.js");
export const WASM = join(PKG, "wasm", "layerlab_bg.wasm");

if (!existsSync(join(PKG, "package.json"))) {
  throw new Error("pkg/ is missing: run `make build` first");
}

/** The `[package]` version of crate/Cargo.toml. */
export function crateVersion() {
  const toml = readFileSync(join(ROOT, "crate", "Cargo.toml"), "utf8");
  const section = toml.slice(toml.indexOf("[package]"));
  return section.match(/^version\s*=\s*"([^"]+)"/m)[1];
}

export const CLEAN_DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n";
export const BROKEN_DOCKERFILE = "FROM python:3.12-slim\nFORM x\nRUN echo ok\n";
