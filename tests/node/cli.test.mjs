// The CLI (pkg/bin/layerlab.js) as a subprocess, on temporary files.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { BROKEN_DOCKERFILE, CLEAN_DOCKERFILE, CLI, crateVersion } from "./helpers.mjs";

let dir;

function layerlab(args, { input, env } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "", ...env },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "layerlab-cli-"));
  writeFileSync(join(dir, "Dockerfile"), CLEAN_DOCKERFILE);
  mkdirSync(join(dir, "broken"));
  writeFileSync(join(dir, "broken", "Dockerfile"), BROKEN_DOCKERFILE);
  writeFileSync(join(dir, "app.docker"), BROKEN_DOCKERFILE);
  // "FORM" with an invalid UTF-8 byte (0xFF) in an argument.
  writeFileSync(
    join(dir, "Dockerfile.latin1"),
    Buffer.concat([Buffer.from("FROM alpine\nLABEL x=caf"), Buffer.from([0xff]), Buffer.from("\nFORM y\n")]),
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("json: one hadolint-shaped array for all files; exit 1 on errors", () => {
  const { code, stdout, stderr } = layerlab(["lint", "--format", "json", "Dockerfile", "broken/Dockerfile"]);
  assert.equal(code, 1, stderr);
  const findings = JSON.parse(stdout);
  assert.ok(Array.isArray(findings));
  const form = findings.find((f) => f.code === "DL1000");
  assert.deepEqual(Object.keys(form), [
    "file",
    "line",
    "column",
    "endLine",
    "endColumn",
    "code",
    "level",
    "message",
  ]);
  assert.equal(form.file, "broken/Dockerfile", "file names as given on the command line");
  assert.equal(form.level, "error");
  assert.equal(form.line, 2);
  assert.equal(form.column, 1);
});

test("json: a clean file exits 0", () => {
  const { code, stdout, stderr } = layerlab(["lint", "-f", "json", "Dockerfile"]);
  assert.equal(code, 0, stderr);
  const findings = JSON.parse(stdout);
  assert.ok(!findings.some((f) => f.level === "error"), stdout);
});

test("tty: location, code, severity, source line and caret; no colour in a pipe", () => {
  const { code, stdout } = layerlab(["lint", "broken/Dockerfile"]);
  assert.equal(code, 1);
  assert.match(stdout, /^broken\/Dockerfile:2:1 DL1000 error: .*FORM/m);
  assert.match(stdout, /^2 \| FORM x\n {2}\| \^{4,}$/m);
  assert.ok(!stdout.includes("\x1b["));
});

test("sarif: valid JSON, version 2.1.0, one result per finding", () => {
  const { code, stdout } = layerlab(["lint", "--format=sarif", "broken/Dockerfile", "Dockerfile"]);
  assert.equal(code, 1);
  const sarif = JSON.parse(stdout);
  assert.equal(sarif.version, "2.1.0");
  const results = sarif.runs[0].results;
  const syntax = results.find((r) => r.ruleId === "DL1000");
  assert.equal(syntax.locations[0].physicalLocation.artifactLocation.uri, "broken/Dockerfile");
  assert.equal(syntax.locations[0].physicalLocation.region.startLine, 2);
  assert.ok(sarif.runs[0].tool.driver.rules.some((r) => r.id === "DL1000" && r.helpUri));
});

test("checkstyle: XML with the file and its errors", () => {
  const { code, stdout } = layerlab(["lint", "--format", "checkstyle", "broken/Dockerfile"]);
  assert.equal(code, 1);
  assert.match(stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<checkstyle version="4.3">/);
  assert.match(stdout, /<file name="broken\/Dockerfile">\n/);
  assert.match(stdout, /<error line="2" column="1" severity="error" message="[^"]*" source="DL1000"\/>/);
});

test("missing, directory and unreadable files: a clear error and exit 2", () => {
  let result = layerlab(["lint", "Dockerfile", "nope/Dockerfile"]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /cannot read nope\/Dockerfile: no such file/);
  assert.equal(result.stdout, "", "no report when a file cannot be read");
  result = layerlab(["lint", "broken"]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /cannot read broken: is a directory/);
  if (process.getuid?.() !== 0) {
    const locked = join(dir, "locked.Dockerfile");
    writeFileSync(locked, CLEAN_DOCKERFILE);
    chmodSync(locked, 0o000);
    result = layerlab(["lint", locked]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /permission denied/);
  }
});

test("invalid UTF-8 is decoded lossily and reported, not fatal", () => {
  const { code, stdout, stderr } = layerlab(["lint", "-f", "json", "Dockerfile.latin1"]);
  assert.match(stderr, /Dockerfile\.latin1: not valid UTF-8/);
  const findings = JSON.parse(stdout);
  const form = findings.find((f) => f.code === "DL1000");
  assert.equal(form.line, 3);
  assert.equal(code, 1);
});

test("--kind forces the kind of every file", () => {
  // app.docker is not a name Layerlab recognises: skipped with a warning.
  let result = layerlab(["lint", "-f", "json", "app.docker"]);
  assert.equal(result.code, 0);
  assert.deepEqual(JSON.parse(result.stdout), []);
  assert.match(result.stderr, /app\.docker: cannot tell what kind of file/);
  result = layerlab(["lint", "--kind", "dockerfile", "-f", "json", "app.docker"]);
  assert.equal(result.code, 1);
  assert.ok(JSON.parse(result.stdout).some((f) => f.code === "DL1000"));
  // As Compose, the Dockerfile syntax error is not reported.
  result = layerlab(["lint", "--kind", "compose", "-f", "json", "broken/Dockerfile"]);
  assert.ok(!JSON.parse(result.stdout).some((f) => f.code === "DL1000"), result.stdout);
});

test("'-' reads a Dockerfile from standard input", () => {
  const { code, stdout } = layerlab(["lint", "-f", "json", "-"], { input: BROKEN_DOCKERFILE });
  assert.equal(code, 1);
  const form = JSON.parse(stdout).find((f) => f.code === "DL1000");
  assert.equal(form.file, "-");
});

test("--help, --version and usage errors", () => {
  let result = layerlab(["--help"]);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^Usage: layerlab lint \[options\] FILE\.\.\./);
  result = layerlab(["--version"]);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, `layerlab ${crateVersion()}\n`);
  for (const args of [[], ["lint"], ["check", "Dockerfile"], ["lint", "--format", "xml", "Dockerfile"], ["lint", "--kind", "yaml", "Dockerfile"], ["lint", "--bogus", "Dockerfile"]]) {
    result = layerlab(args);
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, /^layerlab: /, args.join(" "));
  }
});
