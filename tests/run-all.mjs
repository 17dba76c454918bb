#!/usr/bin/env node
// Run every test suite, echo its output, count its results, and end with one
// plain line `N passed, M failed`. Exits non-zero when a test failed or a
// suite could not run (a suite that exits non-zero without a failed test, or
// reports no count at all, counts as one failure).
//
//   node tests/run-all.mjs              # all suites (what `make test` runs)
//   node tests/run-all.mjs node browser # some of them
//
// Expects `make build` to have produced pkg/ and dist/.

import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Sum cargo's `test result: ok. N passed; M failed; ...` lines. */
function cargoCounts(output) {
  let passed = 0;
  let failed = 0;
  let seen = false;
  for (const m of output.matchAll(/^test result: \w+\. (\d+) passed; (\d+) failed;/gm)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
    seen = true;
  }
  return seen ? { passed, failed } : null;
}

/** node --test's spec reporter summary (`ℹ pass N`, `ℹ fail N`, `ℹ cancelled N`). */
function nodeTestCounts(output) {
  const count = (name) => output.match(new RegExp(`^ℹ ${name} (\\d+)$`, "m"))?.[1];
  const pass = count("pass");
  if (pass === undefined) return null;
  return { passed: Number(pass), failed: Number(count("fail") ?? 0) + Number(count("cancelled") ?? 0) };
}

/** The browser test's own closing line. */
function browserCounts(output) {
  const m = output.match(/^browser checks: (\d+) ok, (\d+) not ok$/m);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
}

const SUITES = [
  {
    name: "cargo",
    title: "cargo test (native, whole workspace)",
    command: ["cargo", "test", "--workspace"],
    counts: cargoCounts,
  },
  {
    name: "wasm",
    title: "wasm tests in Node (wasm-bindgen-test)",
    command: ["cargo", "test", "--target", "wasm32-unknown-unknown", "-p", "layerlab", "--test", "wasm"],
    env: { CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: "wasm-bindgen-test-runner" },
    counts: cargoCounts,
  },
  {
    name: "node",
    title: "node --test on the package (pkg/)",
    command: [process.execPath, "--test", "--test-reporter=spec", "tests/node/"],
    counts: nodeTestCounts,
  },
  {
    name: "browser",
    title: "playground in headless Chromium",
    command: [process.execPath, "tests/browser/playground.test.mjs"],
    counts: browserCounts,
  },
];

function run(suite) {
  return new Promise((done) => {
    const started = Date.now();
    let output = "";
    const child = spawn(suite.command[0], suite.command.slice(1), {
      cwd: root,
      env: { ...process.env, ...suite.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on("error", (error) => {
      output += `\n${error}`;
      done({ code: -1, output, seconds: (Date.now() - started) / 1000 });
    });
    child.on("close", (code) => done({ code, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SUITES.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(", ")}; known: ${SUITES.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const selected = wanted.length === 0 ? SUITES : SUITES.filter((s) => wanted.includes(s.name));

const summaries = [];
let passed = 0;
let failed = 0;
for (const suite of selected) {
  console.log(`\n==> ${suite.title}: ${suite.command.join(" ")}`);
  const { code, output, seconds } = await run(suite);
  let counts = suite.counts(output);
  let note = "";
  if (counts === null) {
    counts = { passed: 0, failed: 1 };
    note = " - could not run or reported no count";
  } else if (code !== 0 && counts.failed === 0) {
    counts = { ...counts, failed: 1 };
    note = ` - exited ${code} without a failed test`;
  }
  passed += counts.passed;
  failed += counts.failed;
  const status = counts.failed === 0 ? "ok" : "FAILED";
  summaries.push(
    `  ${suite.name.padEnd(8)} ${status.padEnd(6)} ${counts.passed} passed / ${counts.failed} failed in ${seconds.toFixed(1)} s${note}`,
  );
}

console.log("\nSummary:");
for (const line of summaries) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
