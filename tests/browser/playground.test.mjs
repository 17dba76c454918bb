// Browser end-to-end test of the playground in dist/, in headless Debian
// Chromium driven by playwright-core. Serves dist/ itself, from a sub-path,
// on a free loopback port.
//
//   node tests/browser/playground.test.mjs [--update-screenshot]
//
// Prints one line per check and a closing count; exits 1 when a check fails.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { analyze } from "../../pkg/node.js";
import { EXAMPLE_DOCKERFILE } from "../../www/example.js";
import { serveStatic } from "./static-server.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SCREENSHOT_DIR = join(root, "tests/browser/screenshots");
const updateScreenshot = process.argv.includes("--update-screenshot");

const results = [];
async function check(name, body) {
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`ok - ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name}\n    ${String(error?.message ?? error).split("\n").join("\n    ")}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function run() {
  if (!existsSync(join(root, "dist/index.html"))) {
    throw new Error("dist/index.html is missing: run `make build` first");
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`make deps-test\``);

  const server = await serveStatic(join(root, "dist"), { prefix: "/tools/layerlab/" });
  const origin = new URL(server.url).origin;
  const userDataDir = mkdtempSync(join(tmpdir(), "layerlab-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    const consoleErrors = [];
    const foreignRequests = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
    context.on("request", (request) => {
      const url = new URL(request.url());
      if (url.protocol !== "data:" && url.origin !== origin) foreignRequests.push(request.url());
    });

    const expected = analyze({ files: { Dockerfile: EXAMPLE_DOCKERFILE } });
    const problems = page.locator('[data-testid="problems"]');

    await check("the page loads the analyser from a sub-path", async () => {
      await page.goto(server.url);
      await page.waitForFunction(
        () => /^core \d+\.\d+\.\d+/.test(document.querySelector('[data-testid="version"]').textContent),
      );
      assert(
        server.requests.some((path) => path.endsWith(".wasm")),
        "no .wasm was requested from the server",
      );
    });

    await check("the editor opens on the example Dockerfile", async () => {
      await page.locator(".cm-content").waitFor();
      const text = await page.locator(".cm-content").innerText();
      assert(text.includes("FROM python:latest"), `editor text: ${text.slice(0, 80)}`);
      assert(text.includes("COPY . ."), "example lacks COPY . .");
    });

    await check("the problems list shows the example's diagnostics", async () => {
      await page.locator('[data-testid="problems"][data-state="ready"]').waitFor({ state: "attached" });
      const count = Number(await problems.getAttribute("data-count"));
      assert(
        count === expected.diagnostics.length,
        `page shows ${count} problems, the package finds ${expected.diagnostics.length}`,
      );
      assert((await problems.locator("li").count()) === count, "list items differ from data-count");
      const summary = await page.locator('[data-testid="problems-summary"]').innerText();
      assert(
        count === 0 ? summary.startsWith("No problems found") : summary.startsWith(`${count} problem`),
        `summary: ${summary}`,
      );
    });

    const lastLine = EXAMPLE_DOCKERFILE.split("\n").length;
    let before = 0;
    await check("typing an unknown instruction adds a diagnostic at that line", async () => {
      before = Number(await problems.getAttribute("data-count"));
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.type("FORM x");
      const item = problems.locator(`button[data-code="DL1000"][data-line="${lastLine}"]`);
      await item.waitFor();
      const after = Number(await problems.getAttribute("data-count"));
      assert(after > before, `problems went from ${before} to ${after}`);
      const text = await item.innerText();
      assert(text.includes(`${lastLine}:1 DL1000`), `problem text: ${text}`);
    });

    await check("the editor underlines it and marks the gutter", async () => {
      const underline = page.locator(".cm-lintRange-error", { hasText: "FORM" });
      await underline.waitFor();
      await page.locator(".cm-gutter-lint .cm-lint-marker-error").first().waitFor();
    });

    await check("hovering the underline shows the message", async () => {
      await page.locator(".cm-lintRange-error", { hasText: "FORM" }).hover();
      const tooltip = page.locator(".cm-tooltip-lint");
      await tooltip.waitFor();
      const text = await tooltip.innerText();
      assert(text.includes("FORM"), `tooltip: ${text}`);
    });

    await check("clicking the problem selects its range in the editor", async () => {
      await page.mouse.move(0, 0);
      await problems.locator(`button[data-code="DL1000"][data-line="${lastLine}"]`).click();
      // The editor lives in a shadow root; Chromium exposes its selection there.
      const selected = await page.evaluate(() =>
        document.getElementById("editor").shadowRoot.getSelection().toString(),
      );
      assert(selected === "FORM", `selection: ${JSON.stringify(selected)}`);
    });

    await check("deleting the line removes the diagnostic again", async () => {
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.press("Shift+Home");
      await page.keyboard.press("Backspace");
      await page.waitForFunction(
        (count) => document.querySelector('[data-testid="problems"]').dataset.count === String(count),
        before,
      );
    });

    await check("a screenshot is saved", async () => {
      await page.keyboard.type("FORM x");
      await problems.locator(`button[data-code="DL1000"][data-line="${lastLine}"]`).waitFor();
      await page.mouse.move(0, 0);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = join(SCREENSHOT_DIR, "playground.png");
      await page.screenshot({ path: file });
      if (updateScreenshot) {
        copyFileSync(file, join(root, "docs/screenshot.png"));
        console.log("    copied to docs/screenshot.png");
      }
    });

    await check("no console errors", async () => {
      assert(consoleErrors.length === 0, consoleErrors.join("\n"));
    });

    await check("no request leaves the origin", async () => {
      assert(foreignRequests.length === 0, foreignRequests.join("\n"));
    });
  } finally {
    await context.close();
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

// A hung browser must not hang `make test`.
const watchdog = setTimeout(() => {
  console.log("not ok - the browser test timed out after 180 s");
  process.exit(1);
}, 180_000);
watchdog.unref();

try {
  await run();
} catch (error) {
  results.push({ name: "setup", ok: false });
  console.log(`not ok - setup\n    ${error?.stack ?? error}`);
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`browser checks: ${passed} ok, ${failed} not ok`);
process.exitCode = failed === 0 ? 0 : 1;
