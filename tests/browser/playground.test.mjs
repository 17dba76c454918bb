// Browser end-to-end tests of the playground in dist/, in headless Debian
// Chromium driven by playwright-core. Serves dist/ itself, from a sub-path,
// on a free loopback port. Drives the page as a person would (mouse and
// keyboard); each check saves a screenshot under tests/browser/screenshots/.
//
//   node tests/browser/playground.test.mjs [--update-screenshot]
//
// Prints one line per check and a closing count; exits 1 when a check fails.
//
// The Layers and Size panels need the core's `rebuild` and `size`. While
// pkg/ does not export them, the page gets test fixtures instead
// (fixtures.mjs); once it does, the same checks run against the real ones.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import * as layerlab from "../../pkg/node.js";
import { Project } from "../../www/project.js";
import { applyEdits } from "../../www/fixes.js";
import { encodeFragment } from "../../www/share.js";
import { EXAMPLES, exampleSnapshot, starter } from "../../www/examples/index.js";
import { installFixtures } from "./fixtures.mjs";
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
const hasRealRebuild = typeof layerlab.rebuild === "function";
const hasRealSize = typeof layerlab.size === "function";

const results = [];
let current = null;

async function check(name, body, { page = () => current } = {}) {
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`ok - ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name}\n    ${String(error?.message ?? error).split("\n").join("\n    ")}`);
  }
  const target = page();
  if (target && !target.isClosed()) {
    const file = `${String(results.length).padStart(2, "0")}-${name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").slice(0, 60)}.png`;
    await target.screenshot({ path: join(SCREENSHOT_DIR, file) }).catch(() => {});
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

/** What the page should find for a snapshot: the same input, analysed by the package in Node. */
function expectedReport(snapshot) {
  const project = new Project();
  project.load(snapshot);
  return layerlab.analyze(project.analyzeInput(today()));
}

const editorText = (page) => page.evaluate(() => globalThis.layerlabPlayground.editorText());

async function waitReady(page) {
  await page.waitForFunction(() => document.body.dataset.ready === "true");
}

async function openExample(page, id) {
  await page.getByTestId("examples-button").click();
  await page.locator(`.example[data-example="${id}"]`).click();
  await page.waitForFunction(() => !document.getElementById("dialog").open);
}

async function showPanel(page, name) {
  await page.locator(`#tab-${name}`).click();
  await page.locator(`#panel-${name}`).waitFor({ state: "visible" });
}

async function openInEditor(page, path) {
  await page.locator(`.tree-file[data-path="${path}"]`).click();
  await page.waitForFunction((p) => document.querySelector(`.file-tab[aria-selected="true"]`)?.dataset.path === p, path);
}

async function run() {
  if (!existsSync(join(root, "dist/index.html"))) throw new Error("dist/index.html is missing: run `make build` first");
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`make deps-test\``);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const server = await serveStatic(join(root, "dist"), { prefix: "/tools/layerlab/" });
  const origin = new URL(server.url).origin;
  const userDataDir = mkdtempSync(join(tmpdir(), "layerlab-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    colorScheme: "light",
  });
  const consoleErrors = [];
  const foreignRequests = [];
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.origin !== origin) foreignRequests.push(request.url());
  });
  const watch = (page) => {
    page.setDefaultTimeout(15_000);
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(`${page.url().slice(0, 60)}: ${message.text()}`);
    });
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
    return page;
  };

  try {
    const page = watch(context.pages()[0] ?? (await context.newPage()));
    current = page;
    const problems = page.getByTestId("problems");
    const starterReport = expectedReport(exampleSnapshot(starter));
    /** The paths the browser fetched to open the page (the starter example). */
    const firstLoad = [];

    await check("the page loads the analyser from a sub-path", async () => {
      await page.goto(server.url);
      await waitReady(page);
      const version = await page.getByTestId("version").innerText();
      assert(/^core \d+\.\d+\.\d+/.test(version), `version: ${version}`);
      assert(server.requests.some((path) => path.endsWith(".wasm")), "no .wasm was requested from the server");
      firstLoad.push(...server.requests);
    });

    await check("the editor opens on the starter example and shows its findings", async () => {
      const text = await editorText(page);
      assert(text.includes("FROM python:latest") && text.includes("COPY . ."), `editor text: ${text.slice(0, 80)}`);
      await page.locator('[data-testid="problems"][data-state="ready"]').waitFor({ state: "attached" });
      const count = Number(await problems.getAttribute("data-count"));
      assert(count === starterReport.diagnostics.length, `page shows ${count} problems, the package finds ${starterReport.diagnostics.length}`);
      assert(count > 0, "the starter example should have findings");
      assert((await problems.locator("li").count()) === count, "list items differ from data-count");
      for (const d of starterReport.diagnostics.slice(0, 5)) {
        await problems.locator(`button.problem[data-code="${d.code}"][data-line="${d.line}"][data-file="${d.file}"]`).first().waitFor();
      }
      const summary = await page.getByTestId("problems-summary").innerText();
      assert(summary.startsWith(`${count} problem`), `summary: ${summary}`);
    });

    await check("the problems panel filters by severity and category", async () => {
      const total = Number(await problems.getAttribute("data-count"));
      const severities = [...new Set(starterReport.diagnostics.map((d) => d.severity))];
      const hide = severities[0];
      await page.locator(`.chip[data-severity="${hide}"]`).click();
      const shown = Number(await problems.getAttribute("data-shown"));
      const expected = starterReport.diagnostics.filter((d) => d.severity !== hide).length;
      assert(shown === expected, `hiding ${hide}: ${shown} shown, expected ${expected}`);
      await page.locator(`.chip[data-severity="${hide}"]`).click();
      const category = starterReport.diagnostics[0].category;
      await page.getByTestId("problems-category").selectOption(category);
      const byCategory = Number(await problems.getAttribute("data-shown"));
      assert(byCategory === starterReport.diagnostics.filter((d) => d.category === category).length, `category ${category}: ${byCategory}`);
      await page.getByTestId("problems-category").selectOption("");
      assert(Number(await problems.getAttribute("data-shown")) === total, "filters did not reset");
    });

    const lastLine = (await editorText(page)).split("\n").length;
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
      assert(text.includes(`Dockerfile:${lastLine}:1 DL1000`), `problem text: ${text}`);
      await page.locator(".cm-lintRange-error", { hasText: "FORM" }).waitFor();
      await page.locator(".cm-gutter-lint .cm-lint-marker-error").first().waitFor();
    });

    await check("hovering the underline shows the message, the rule and a docs link", async () => {
      await page.locator(".cm-lintRange-error", { hasText: "FORM" }).hover();
      const tooltip = page.locator(".cm-tooltip-lint");
      await tooltip.waitFor();
      const text = await tooltip.innerText();
      const doc = layerlab.explain("DL1000");
      assert(text.includes("FORM"), `tooltip: ${text}`);
      assert(text.includes(doc.summary), `tooltip lacks the rule summary: ${text}`);
      const href = await tooltip.locator("a").first().getAttribute("href");
      assert(href === doc.url, `docs link ${href}, expected ${doc.url}`);
      await page.screenshot({ path: join(SCREENSHOT_DIR, "hover.png") });
      await tooltip.locator('button[data-action="explain"]').click();
      await page.locator('[data-testid="rule-doc"][data-code="DL1000"]').waitFor();
      const rule = await page.getByTestId("rule-doc").innerText();
      assert(rule.includes("What it does"), `rule panel: ${rule.slice(0, 200)}`);
      const links = await page.locator('[data-testid="rule-doc"] a').evaluateAll((as) => as.map((a) => a.href));
      assert(links.every((l) => /^https?:/.test(l)), `non-http link: ${links}`);
      await page.screenshot({ path: join(SCREENSHOT_DIR, "rule.png") });
      await page.locator('#panel-rule button[data-action="all-rules"]').click();
      const listed = await page.locator('[data-testid="rule-index"] button[data-code]').count();
      assert(listed === layerlab.rules().length, `the rule index lists ${listed} of ${layerlab.rules().length} rules`);
      await page.locator('[data-testid="rule-index"] button[data-code="DL4000"]').click();
      await page.locator('[data-testid="rule-doc"][data-code="DL4000"]').waitFor();
      await showPanel(page, "problems");
    });

    await check("clicking a problem selects its range; deleting the line removes it", async () => {
      await page.mouse.move(0, 0);
      await problems.locator(`button[data-code="DL1000"][data-line="${lastLine}"]`).click();
      const selected = await page.evaluate(() => document.getElementById("editor").shadowRoot.getSelection().toString());
      assert(selected === "FORM", `selection: ${JSON.stringify(selected)}`);
      await page.keyboard.press("Control+End");
      await page.keyboard.press("Shift+Home");
      await page.keyboard.press("Backspace");
      await page.waitForFunction((count) => document.querySelector('[data-testid="problems"]').dataset.count === String(count), before);
    });

    await check("user text is rendered as text, never as markup", async () => {
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.type('<img src=x id=pwned onerror="window.pwned=1">');
      await problems.locator(`button[data-line="${lastLine}"]`).first().waitFor();
      const injected = await page.evaluate(() => document.querySelectorAll("#pwned, .problem img").length + (window.pwned ? 1 : 0));
      assert(injected === 0, "markup from the editor reached the DOM");
      await page.keyboard.press("Shift+Home");
      await page.keyboard.press("Backspace");
      await page.waitForFunction((count) => document.querySelector('[data-testid="problems"]').dataset.count === String(count), before);
    });

    const fixable = starterReport.diagnostics.find((d) => d.fixes.length > 0 && d.file === "Dockerfile");
    await check("a quick fix shows a preview, applies, and undoes", async () => {
      assert(fixable, "the starter example has no finding with a fix");
      const textBefore = await editorText(page);
      const fix = fixable.fixes[0];
      const expected = applyEdits(textBefore, fix.edits);
      const item = problems.locator("li", { has: page.locator(`button.problem[data-code="${fixable.code}"][data-line="${fixable.line}"]`) }).first();
      await item.locator('button[data-action="fix"]').first().click();
      const diff = page.getByTestId("fix-diff");
      await diff.waitFor();
      const diffText = await diff.innerText();
      const firstNew = fix.edits.map((e) => e.newText).find((t) => t.trim()) ?? "";
      assert(diffText.includes("- ") || diffText.includes("+ "), `no change lines: ${diffText}`);
      if (firstNew.trim()) assert(diffText.includes(firstNew.trim().split("\n")[0]), `preview lacks ${firstNew}: ${diffText}`);
      await page.screenshot({ path: join(SCREENSHOT_DIR, "fix-preview.png") });
      await page.getByTestId("fix-apply").click();
      await page.waitForFunction((t) => globalThis.layerlabPlayground.editorText() === t, expected);
      await page.waitForFunction(
        ({ code, count }) => document.querySelector('[data-testid="problems"]').dataset.count !== String(count) ||
          !document.querySelector(`button.problem[data-code="${code}"]`),
        { code: fixable.code, count: starterReport.diagnostics.length },
      );
      await page.locator(".toast-action", { hasText: "Undo" }).click();
      await page.waitForFunction((t) => globalThis.layerlabPlayground.editorText() === t, textBefore);
      await page.waitForFunction((count) => document.querySelector('[data-testid="problems"]').dataset.count === String(count), starterReport.diagnostics.length);
    });

    await check("Ctrl+. previews the quick fix at the cursor; Escape cancels it", async () => {
      const textBefore = await editorText(page);
      await page.locator(".cm-line", { hasText: "MAINTAINER dev@example.com" }).click();
      await page.keyboard.press("Control+.");
      await page.getByTestId("fix-diff").waitFor();
      await page.keyboard.press("Escape");
      await page.waitForFunction(() => !document.getElementById("dialog").open);
      assert((await editorText(page)) === textBefore, "cancelling changed the text");
    });

    await check("the hardening checklist lists findings and links to them", async () => {
      await showPanel(page, "hardening");
      const items = page.locator('[data-testid="hardening"] > li');
      assert((await items.count()) >= 6, "too few checklist items");
      const states = await items.evaluateAll((lis) => lis.map((li) => li.dataset.state));
      assert(states.every((s) => ["pass", "fail", "unchecked"].includes(s)), `states: ${states}`);
      const failing = page.locator('[data-testid="hardening"] li[data-state="fail"] button').first();
      if (await failing.count()) {
        await failing.click();
        assert((await page.evaluate(() => document.activeElement?.id)) === "editor", "the finding link did not focus the editor");
      }
    });

    await check("the stage graph shows stages skipped for the target", async () => {
      await openExample(page, "multi-stage");
      await showPanel(page, "graphs");
      const stage = (name) => page.locator(`[data-testid="stage-graph"] [data-stage="${name}"]`);
      await stage("runtime").waitFor();
      assert((await stage("runtime").getAttribute("data-status")) === "target", "runtime should be the target");
      assert((await stage("deps").getAttribute("data-status")) === "needed", "deps should be needed");
      await page.getByTestId("target-select").selectOption("build");
      await page.waitForFunction(() => document.querySelector('[data-testid="stage-graph"] [data-stage="runtime"]')?.dataset.status === "skipped");
      assert((await stage("deps").getAttribute("data-status")) === "skipped", "deps should be skipped for target build");
      assert((await stage("build").getAttribute("data-status")) === "target", "build should be the target");
      assert((await page.locator('[data-testid="stage-graph"] .edge-copyFrom').count()) >= 2, "COPY --from edges missing");
    });

    await check("the compose service graph shows depends_on, networks and volumes", async () => {
      await openExample(page, "compose-stack");
      await showPanel(page, "graphs");
      const graph = page.getByTestId("compose-graph");
      await graph.waitFor();
      for (const service of ["app", "db", "cache"]) await graph.locator(`[data-service="${service}"]`).first().waitFor();
      const healthy = graph.locator('.edge-depends[data-from="app"][data-to="db"]');
      assert((await healthy.getAttribute("data-condition")) === "service_healthy", "app→db should wait for healthy");
      await graph.locator('[data-volume="db-data"]').waitFor();
      await graph.locator('[data-network="backend"]').waitFor();
    });

    await check("Layers and Size say when this build has no simulator", async () => {
      await showPanel(page, "layers");
      if (hasRealRebuild) {
        await page.locator('#panel-layers[data-state="ready"]').waitFor();
      } else {
        await page.getByTestId("layers-unavailable").waitFor();
        assert(await page.getByTestId("build-button").isDisabled(), "Build should be disabled without a simulator");
      }
      await showPanel(page, "size");
      if (hasRealSize) await page.locator('#panel-size[data-state="ready"]').waitFor();
      else await page.getByTestId("size-unavailable").waitFor();
    });

    // ---- a page with the fixtures standing in for rebuild() and size()
    const sim = watch(await context.newPage());
    await sim.addInitScript(installFixtures);
    current = sim;
    await check(`editing a context file turns exactly the expected layers to miss (${hasRealRebuild ? "core" : "fixture"})`, async () => {
      await sim.goto(server.url);
      await waitReady(sim);
      await openExample(sim, "python-order-bad");
      await showPanel(sim, "layers");
      await sim.locator('#panel-layers[data-state="ready"]').waitFor();
      const misses = () => sim.locator(".layer-row").evaluateAll((rows) => rows.filter((r) => r.dataset.status === "miss").map((r) => Number(r.dataset.line)));
      assert((await misses()).length === 0, `misses before any edit: ${await misses()}`);
      const dockerfile = EXAMPLES.find((e) => e.id === "python-order-bad").files.Dockerfile.t.split("\n");
      const copyLine = dockerfile.findIndex((l) => l.startsWith("COPY . .")) + 1;
      const pipLine = dockerfile.findIndex((l) => l.startsWith("RUN pip install")) + 1;
      await openInEditor(sim, "app.py");
      await sim.locator(".cm-content").click();
      await sim.keyboard.press("Control+End");
      await sim.keyboard.type("# a comment\n");
      await sim.waitForFunction(() => document.querySelectorAll('.layer-row[data-status="miss"]').length > 0);
      const lines = await misses();
      assert(JSON.stringify(lines) === JSON.stringify([copyLine, pipLine]), `miss lines ${lines}, expected ${[copyLine, pipLine]}`);
      const copyRow = sim.locator(`.layer-row[data-line="${copyLine}"]`);
      assert((await copyRow.getAttribute("data-reason")) === "FILES", `COPY reason ${await copyRow.getAttribute("data-reason")}`);
      assert((await copyRow.innerText()).includes("app.py"), `COPY row does not name app.py: ${await copyRow.innerText()}`);
      assert((await sim.locator(`.layer-row[data-line="${pipLine}"]`).getAttribute("data-reason")) === "INHERITED", "pip should inherit the miss");
      const summary = await sim.getByTestId("layers-summary").innerText();
      assert(summary.includes(`line ${copyLine}`), `summary: ${summary}`);
    }, { page: () => sim });

    await check("hovering a layer row highlights its instruction; Build commits a new baseline", async () => {
      await openInEditor(sim, "Dockerfile");
      const row = sim.locator(".layer-row").filter({ has: sim.locator("code", { hasText: "COPY . ." }) });
      await row.hover();
      await sim.locator(".cm-layer-highlight").first().waitFor();
      const highlighted = await sim.locator(".cm-layer-highlight").first().innerText();
      assert(highlighted.includes("COPY . ."), `highlighted: ${highlighted}`);
      await sim.locator(".cm-line", { hasText: "RUN pip install" }).hover();
      await sim.locator(".layer-row.hovered").first().waitFor();
      const hoveredRow = await sim.locator(".layer-row.hovered").first().innerText();
      assert(hoveredRow.includes("RUN pip install"), `hovered row: ${hoveredRow}`);
      await sim.locator(".cm-content").click();
      await sim.keyboard.press("Control+Enter");
      await sim.waitForFunction(() => document.querySelectorAll('.layer-row[data-status="miss"]').length === 0);
      const options = await sim.getByTestId("build-history").locator("option").count();
      assert(options === 2, `history has ${options} builds`);
      await sim.getByTestId("build-history").selectOption("0");
      await sim.waitForFunction(() => document.querySelectorAll('.layer-row[data-status="miss"]').length === 2);
      await sim.locator('#panel-layers button[data-action="checkout"]').click();
      await sim.waitForFunction(() => document.querySelectorAll('.layer-row[data-status="miss"]').length === 0);
      const restored = await sim.evaluate(() => globalThis.layerlabPlayground.snapshot());
      assert(!restored.files["app.py"].t.includes("# a comment"), "app.py was not restored");
    }, { page: () => sim });

    await check("a size-only context file: touching it rebuilds the COPY that reads it", async () => {
      await openExample(sim, "starter");
      await showPanel(sim, "layers");
      await sim.locator('#panel-layers[data-state="ready"]').waitFor();
      await sim.locator('.tree-file[data-path="data/model.bin"]').click();
      await sim.locator('.tree-actions button[data-action="touch"]').click();
      await sim.waitForFunction(() => document.querySelectorAll('.layer-row[data-status="miss"]').length > 0);
      const copy = sim.locator(".layer-row").filter({ has: sim.locator("code", { hasText: "COPY . ." }) });
      assert((await copy.getAttribute("data-status")) === "miss", "COPY . . should miss");
      assert((await copy.innerText()).includes("data/model.bin"), "the reason should name data/model.bin");
    }, { page: () => sim });

    await check(`the Size panel charts the estimate (${hasRealSize ? "core" : "fixture"})`, async () => {
      await showPanel(sim, "size");
      await sim.locator('#panel-size[data-state="ready"]').waitFor();
      await sim.getByTestId("size-layers-chart").waitFor();
      const figures = await sim.getByTestId("size-figures").innerText();
      assert(/Image size\s*\S+/.test(figures) && /Pull size/.test(figures), `figures: ${figures}`);
      assert((await sim.locator('[data-testid="size-layers-chart"] rect').count()) > 1, "no bars");
    }, { page: () => sim });

    await check("axe finds no WCAG 2 A/AA violations in the filled Layers and Size panels", async () => {
      await sim.evaluate(readFileSync(join(root, "node_modules/axe-core/axe.min.js"), "utf8"));
      const found = [];
      for (const panel of ["layers", "size"]) {
        await showPanel(sim, panel);
        await sim.locator(`#panel-${panel}[data-state="ready"]`).waitFor();
        const violations = await sim.evaluate(async () => {
          const result = await globalThis.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
          return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} ${n.any[0]?.message ?? ""}`).join(", ")}`);
        });
        found.push(...violations.map((v) => `${panel}: ${v}`));
      }
      assert(found.length === 0, found.join("\n"));
    }, { page: () => sim });

    await check("context files: add with a size, rename, chmod, delete", async () => {
      await showPanel(sim, "problems");
      const ask = async (values) => {
        for (const [name, value] of Object.entries(values)) await sim.getByTestId(`ask-${name}`).fill(value);
        await sim.getByTestId("ask-submit").click();
      };
      await sim.locator('.tree-actions button[data-action="new-sized"]').click();
      await ask({ path: "weights/big.bin", size: "2G" });
      await sim.locator('.tree-file[data-path="weights/big.bin"]').waitFor();
      await sim.locator('.tree-actions button[data-action="rename"]').click();
      await ask({ path: "weights/huge.bin" });
      await sim.locator('.tree-file[data-path="weights/huge.bin"]').waitFor();
      await sim.locator('.tree-actions button[data-action="chmod"]').click();
      await ask({ mode: "0755" });
      let snapshot = await sim.evaluate(() => globalThis.layerlabPlayground.snapshot());
      const entry = snapshot.files["weights/huge.bin"];
      assert(entry && entry.s === 2_000_000_000 && entry.m === 0o755 && entry.t === undefined, `entry: ${JSON.stringify(entry)}`);
      await sim.locator('.tree-actions button[data-action="delete"]').click();
      await sim.locator('.tree-file[data-path="weights/huge.bin"]').waitFor({ state: "detached" });
      snapshot = await sim.evaluate(() => globalThis.layerlabPlayground.snapshot());
      assert(!("weights/huge.bin" in snapshot.files), "not deleted");
    }, { page: () => sim });

    await check("several Dockerfiles, build args and the builder are project settings", async () => {
      await openExample(sim, "python-order-good");
      await sim.locator('.tree-actions button[data-action="new"]').click();
      await sim.getByTestId("ask-path").fill("worker/Dockerfile");
      await sim.getByTestId("ask-submit").click();
      await sim.waitForFunction(() => document.querySelector('.file-tab[aria-selected="true"]')?.dataset.path === "worker/Dockerfile");
      await sim.locator(".cm-content").click();
      await sim.keyboard.type("ARG PYVER=3.12\nFROM python:${PYVER}-slim AS worker\nCMD [\"python\", \"-m\", \"worker\"]\n");
      await sim.getByTestId("dockerfile-select").selectOption("worker/Dockerfile");
      await showPanel(sim, "graphs");
      await sim.locator('[data-testid="stage-graph"] [data-stage="worker"]').waitFor();
      await sim.locator('#build-settings button[data-action="add-arg"]').click();
      await sim.getByTestId("ask-name").fill("PYVER");
      await sim.getByTestId("ask-value").fill("3.13");
      await sim.getByTestId("ask-submit").click();
      await sim.waitForFunction(() => document.querySelector('[data-testid="stage-graph"]')?.textContent.includes("python:3.13-slim"));
      await sim.getByTestId("builder-select").selectOption("legacy");
      const snapshot = await sim.evaluate(() => globalThis.layerlabPlayground.snapshot());
      const settings = snapshot.settings;
      assert(settings.dockerfile === "worker/Dockerfile" && settings.buildArgs.PYVER === "3.13" && settings.builder === "legacy", `settings: ${JSON.stringify(settings)}`);
      const tabs = await sim.locator(".file-tab").evaluateAll((ts) => ts.map((t) => t.dataset.path));
      assert(tabs.includes("Dockerfile") && tabs.includes("worker/Dockerfile"), `tabs: ${tabs}`);
    }, { page: () => sim });

    await check("a picked folder becomes the context: names, sizes and hashes", async () => {
      const dir = mkdtempSync(join(tmpdir(), "layerlab-folder-"));
      mkdirSync(join(dir, "shop/src"), { recursive: true });
      writeFileSync(join(dir, "shop/Dockerfile"), "FROM alpine:3.20\nCOPY src/ /src/\n");
      writeFileSync(join(dir, "shop/src/main.c"), "int main(void) { return 0; }\n");
      await sim.getByTestId("folder-input").setInputFiles(join(dir, "shop"));
      await sim.locator('.tree-file[data-path="src/main.c"]').waitFor();
      const snapshot = await sim.evaluate(() => globalThis.layerlabPlayground.snapshot());
      assert(snapshot.files.Dockerfile?.t === "FROM alpine:3.20\nCOPY src/ /src/\n", `Dockerfile: ${JSON.stringify(snapshot.files.Dockerfile)}`);
      const main = snapshot.files["src/main.c"];
      assert(main && main.t === undefined && main.s === 29 && /^[0-9a-f]{64}$/.test(main.h), `main.c: ${JSON.stringify(main)}`);
      rmSync(dir, { recursive: true, force: true });
    }, { page: () => sim });
    await sim.close();
    current = page;

    let shared = "";
    await check("a shared link opens the same state in a fresh page", async () => {
      await openExample(page, "multi-stage");
      await page.getByTestId("target-select").selectOption("build");
      await page.locator(".tree-file[data-path='src/server.ts']").click();
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.type("// shared edit ünïcödé\n");
      await page.getByTestId("share-button").click();
      await page.waitForFunction(() => location.hash.startsWith("#v1."));
      shared = page.url();
      const expected = await page.evaluate(() => globalThis.layerlabPlayground.snapshot());
      const fresh = watch(await context.newPage());
      await fresh.goto(shared);
      await waitReady(fresh);
      const got = await fresh.evaluate(() => globalThis.layerlabPlayground.snapshot());
      assert(JSON.stringify(got) === JSON.stringify(expected), "the shared snapshot differs");
      assert((await fresh.getByTestId("target-select").inputValue()) === "build", "target not restored");
      await fresh.screenshot({ path: join(SCREENSHOT_DIR, "shared-link.png") });
      await fresh.close();
    });

    await check("a damaged or hostile link falls back to the starter without errors", async () => {
      const bad = watch(await context.newPage());
      await bad.goto(`${server.url}#v1.not-deflate-data`);
      await waitReady(bad);
      assert((await bad.evaluate(() => globalThis.layerlabPlayground.editorText())).includes("FROM python:latest"), "no fallback to the starter");
      await bad.getByTestId("toast").filter({ hasText: "could not be opened" }).waitFor();
      const hostile = await encodeFragment({ v: 1, files: { "../etc/passwd": { t: "x" }, nothing: null, "ok/Dockerfile": { t: "FROM alpine\n", m: "rwx" } }, settings: { buildArgs: { A: 1, B: "b" }, builder: "rocket" } });
      await bad.goto(`${server.url}#${hostile}`);
      await bad.reload();
      await waitReady(bad);
      const snapshot = await bad.evaluate(() => globalThis.layerlabPlayground.snapshot());
      assert(JSON.stringify(Object.keys(snapshot.files)) === JSON.stringify(["ok/Dockerfile"]), `files: ${Object.keys(snapshot.files)}`);
      assert(JSON.stringify(snapshot.settings) === JSON.stringify({ buildArgs: { B: "b" } }), `settings: ${JSON.stringify(snapshot.settings)}`);
      assert(snapshot.files["ok/Dockerfile"].m === undefined, "a non-numeric mode should fall back to 0644");
      await bad.close();
    });

    await check("a finding's related place is one click away", async () => {
      const compose = "services:\n  a:\n    image: x:1\n    depends_on:\n      b:\n        condition: service_healthy\n  b:\n    image: y:1\n";
      const rel = watch(await context.newPage());
      await rel.goto(`${server.url}#${await encodeFragment({ v: 1, files: { "compose.yaml": { t: compose } } })}`);
      await waitReady(rel);
      const related = rel.locator(".problem-item", { has: rel.locator('button.problem[data-code="LL2002"]') }).locator("button.related");
      await related.click();
      const selected = await rel.evaluate(() => document.getElementById("editor").shadowRoot.getSelection().toString());
      assert(selected === "b", `selection: ${JSON.stringify(selected)}`);
      await rel.close();
    });

    await check("the embed layout opens the same link compactly", async () => {
      const embed = watch(await context.newPage());
      await embed.setViewportSize({ width: 800, height: 500 });
      const url = new URL(shared);
      url.search = "?embed=1";
      await embed.goto(url.href);
      await waitReady(embed);
      assert(!(await embed.locator(".sidebar").isVisible()), "the sidebar should be hidden in the embed");
      const link = embed.locator("#open-full");
      assert(await link.isVisible(), "no Open in playground link");
      assert((await link.getAttribute("href")).includes("#v1."), "the link does not carry the state");
      await embed.screenshot({ path: join(SCREENSHOT_DIR, "embed.png") });
      await embed.close();
    });

    await check("download as .zip and .tar", async () => {
      const [zip] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-zip").click()]);
      const zipBytes = readFileSync(await zip.path());
      assert(zipBytes.readUInt32LE(0) === 0x04034b50, "not a zip");
      assert(zipBytes.includes(Buffer.from("Dockerfile")) && zipBytes.includes(Buffer.from("FROM node:22-alpine AS deps")), "zip lacks the Dockerfile");
      assert(zipBytes.includes(Buffer.from(".layerlab/project.json")), "zip lacks the manifest");
      const [tar] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-tar").click()]);
      const tarBytes = readFileSync(await tar.path());
      assert(tarBytes.subarray(257, 262).toString() === "ustar", "not a ustar archive");
      assert(tarBytes.length % 512 === 0, "tar length is not a multiple of 512");
      // Independent readers: Python's zipfile (CRCs) and GNU tar (headers, modes).
      const { execFileSync } = await import("node:child_process");
      const zipCheck = execFileSync("python3", ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print(' '.join(z.namelist()))", await zip.path()], { encoding: "utf8" });
      assert(zipCheck.startsWith("None\n") && zipCheck.includes("src/server.ts") && zipCheck.includes("Dockerfile"), `zipfile: ${zipCheck}`);
      const tarList = execFileSync("tar", ["-tvf", await tar.path()], { encoding: "utf8" });
      assert(/-rw-r--r-- .* Dockerfile\n/.test(tarList) && tarList.includes("src/server.ts"), `tar -tvf: ${tarList}`);
    });

    await check("archives: long paths, modes and UTF-8 names survive GNU tar and Python's zipfile", async () => {
      const { tarBlob, zipBlob } = await import("../../www/archive.js");
      const { execFileSync } = await import("node:child_process");
      const long = `${"deep/".repeat(25)}file-ü.txt`;
      const entries = [
        { path: long, bytes: new TextEncoder().encode("long\n"), mode: 0o755 },
        { path: "bin/run.sh", bytes: new TextEncoder().encode("#!/bin/sh\n"), mode: 0o700 },
      ];
      const dir = mkdtempSync(join(tmpdir(), "layerlab-archive-"));
      writeFileSync(join(dir, "a.tar"), Buffer.from(await tarBlob(entries).arrayBuffer()));
      writeFileSync(join(dir, "a.zip"), Buffer.from(await zipBlob(entries).arrayBuffer()));
      const listing = execFileSync("tar", ["-tvf", join(dir, "a.tar")], { encoding: "utf8" });
      assert(listing.includes(long) && /-rwxr-xr-x/.test(listing) && /-rwx------ .* bin\/run\.sh/.test(listing), `tar -tvf: ${listing}`);
      execFileSync("tar", ["-xf", join(dir, "a.tar"), "-C", dir]);
      assert(readFileSync(join(dir, long), "utf8") === "long\n", "tar content differs");
      const zipCheck = execFileSync(
        "python3",
        ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip()); [print(i.filename, oct(i.external_attr >> 16)) for i in z.infolist()]", join(dir, "a.zip")],
        { encoding: "utf8" },
      );
      assert(zipCheck.startsWith("None\n") && zipCheck.includes(`${long} 0o100755`) && zipCheck.includes("bin/run.sh 0o100700"), `zipfile: ${zipCheck}`);
      rmSync(dir, { recursive: true, force: true });
    });

    await check("the theme follows the system and toggles", async () => {
      const colours = () =>
        page.evaluate(() => ({
          page: getComputedStyle(document.body).backgroundColor,
          editor: getComputedStyle(document.getElementById("editor").shadowRoot.querySelector(".cm-editor")).backgroundColor,
          theme: document.documentElement.dataset.effectiveTheme,
        }));
      const light = await colours();
      assert(light.theme === "light", `system light, page ${light.theme}`);
      await page.getByTestId("theme-button").click();
      const dark = await colours();
      assert(dark.theme === "dark" && dark.page !== light.page && dark.editor !== light.editor, `toggle: ${JSON.stringify({ light, dark })}`);
      await showPanel(page, "graphs");
      await page.screenshot({ path: join(SCREENSHOT_DIR, "dark.png") });
      await page.emulateMedia({ colorScheme: "dark" });
      await page.getByTestId("theme-button").click();
      assert((await colours()).theme === "light", "second toggle should give light");
      await page.getByTestId("theme-button").click();
      assert((await page.evaluate(() => document.documentElement.dataset.theme)) === undefined, "back to following the system");
      await page.emulateMedia({ colorScheme: "light" });
    });

    await check("keyboard only: every panel is reachable, and the editor is no trap", async () => {
      await page.goto(server.url);
      await waitReady(page);
      await page.locator("body").click({ position: { x: 2, y: 2 } });
      const seen = new Set();
      for (let i = 0; i < 120 && !seen.has("panel-tabs"); i++) {
        await page.keyboard.press("Tab");
        const where = await page.evaluate(() => {
          const el = document.activeElement;
          if (el?.id === "editor") return "editor";
          if (el?.closest?.("#file-tabs")) return "file-tabs";
          if (el?.closest?.("#context-tree")) return "context-tree";
          if (el?.closest?.("#build-settings")) return "build-settings";
          if (el?.closest?.("#panel-tabs")) return "panel-tabs";
          if (el?.closest?.(".toolbar")) return "toolbar";
          return el?.tagName ?? "none";
        });
        seen.add(where);
      }
      for (const area of ["toolbar", "context-tree", "build-settings", "file-tabs", "editor", "panel-tabs"]) {
        assert(seen.has(area), `Tab never reached ${area} (saw ${[...seen]})`);
      }
      const reached = [];
      for (let i = 0; i < 6; i++) {
        const tab = await page.evaluate(() => document.activeElement.dataset.panel);
        await page.keyboard.press("Tab");
        const panel = await page.evaluate(() => document.activeElement.closest('[role="tabpanel"]')?.id);
        if (panel === `panel-${tab}`) reached.push(tab);
        await page.keyboard.press("Shift+Tab");
        await page.keyboard.press("ArrowRight");
      }
      assert(reached.length === 6, `panels reached by keyboard: ${reached}`);
      const treeFirst = page.locator(".tree-file").first();
      await treeFirst.focus();
      await page.keyboard.press("ArrowDown");
      const second = await page.evaluate(() => document.activeElement.dataset.path);
      assert(second === (await page.locator(".tree-file").nth(1).getAttribute("data-path")), `ArrowDown in the tree focused ${second}`);
      await page.keyboard.press("Enter");
      await page.waitForFunction((p) => document.querySelector('.file-tab[aria-selected="true"]')?.dataset.path === p, second);
      await page.keyboard.press("Alt+2");
      assert((await page.evaluate(() => document.activeElement.id)) === "tab-layers", "Alt+2 should show Layers");
      await page.locator(".cm-content").focus();
      await page.keyboard.press("Tab");
      const after = await page.evaluate(() => document.activeElement.id);
      assert(after !== "editor", "Tab stayed in the editor");
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert(outline !== "none", "focus is not visible");
      await page.keyboard.press("Shift+?");
      await page.getByTestId("shortcuts").waitFor();
      await page.keyboard.press("Escape");
    });

    await check("axe finds no WCAG 2 A/AA violations, in light and dark, on every panel", async () => {
      const axeSource = readFileSync(join(root, "node_modules/axe-core/axe.min.js"), "utf8");
      const found = [];
      for (const scheme of ["light", "dark"]) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`${server.url}${shared.slice(shared.indexOf("#"))}`);
        await waitReady(page);
        // Evaluated over the DevTools protocol, which the page's CSP does not govern.
        await page.evaluate(axeSource);
        for (const panel of ["problems", "layers", "size", "graphs", "hardening", "rule"]) {
          await showPanel(page, panel);
          const violations = await page.evaluate(async () => {
            const result = await globalThis.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
            return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} ${n.any[0]?.message ?? ""} ${n.html.slice(0, 80)}`).join(", ")}`);
          });
          for (const v of violations) found.push(`${scheme}/${panel}: ${v}`);
        }
      }
      await page.emulateMedia({ colorScheme: "light" });
      assert(found.length === 0, [...new Set(found)].join("\n"));
    });

    await check("a phone-sized screen fits without sideways scrolling", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 1, `page is ${overflow}px wider than the screen`);
      await page.screenshot({ path: join(SCREENSHOT_DIR, "phone.png"), fullPage: true });
      await page.setViewportSize({ width: 1440, height: 900 });
    });

    await check("a keystroke in a 300-line Dockerfile: the main thread's update fits in a frame", async () => {
      const lines = ["# syntax=docker/dockerfile:1", "FROM python:3.12-slim AS base", "WORKDIR /app"];
      for (let i = 0; lines.length < 300; i++) {
        lines.push(
          [`RUN apt-get update && apt-get install -y pkg${i} && rm -rf /var/lib/apt/lists/*`, `COPY src/mod${i}.py ./src/`, `ENV VAR_${i}=value${i}`, `ARG A${i}=1`, `LABEL l${i}="x"`][i % 5],
        );
        if (i % 60 === 59) lines.push(`FROM base AS stage${i}`);
      }
      const text = `${lines.join("\n")}\n`;
      const timing = await page.evaluate((t) => globalThis.layerlabPlayground.measure(t, 40), text);
      // A link made outside the page (share.js runs in Node too) opens the big file.
      await page.goto(`${server.url}#${await encodeFragment({ v: 1, files: { Dockerfile: { t: text } } })}`);
      await waitReady(page);
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      const updates = [];
      for (let i = 0; i < 20; i++) {
        await page.keyboard.type("#");
        await page.waitForFunction((n) => globalThis.layerlabPlayground.editorText().length === n, text.length + i + 1);
        updates.push(await page.evaluate(() => globalThis.layerlabPlayground.lastUpdateMs()));
      }
      updates.sort((a, b) => a - b);
      console.log(
        `    300-line Dockerfile: analyze min ${timing.min.toFixed(2)} ms, median ${timing.median.toFixed(2)} ms, p95 ${timing.p95.toFixed(2)} ms; ` +
          `whole update per keystroke min ${updates[0].toFixed(2)} ms, median ${updates[10].toFixed(2)} ms (machine load ${(await import("node:os")).loadavg()[0].toFixed(1)})`,
      );
      // The analysis runs in a worker; what must fit in a frame is the main
      // thread's share (diagnostics, problems, tabs, the visible panel). The
      // minimum is the work itself: medians on a shared machine also measure
      // the other processes.
      assert(updates[0] < 16, `a keystroke's main-thread update takes ${updates[0]} ms at best`);
      assert(timing.min < 100, `analysis takes ${timing.min} ms at best`);
    });

    await check("the first load stays small: page code under 170 KB gzipped", async () => {
      const { gzipSync } = await import("node:zlib");
      const gz = (path) => gzipSync(readFileSync(join(root, "dist", path)), { level: 9 }).length;
      const files = [...new Set(firstLoad.map((url) => new URL(url, server.url).pathname.slice("/tools/layerlab/".length) || "index.html"))];
      const kind = (file) => (file.endsWith(".wasm") ? "wasm" : file.endsWith(".js") ? "js" : file.endsWith(".css") ? "css" : "html");
      const sizes = { html: 0, js: 0, css: 0, wasm: 0 };
      for (const file of files) sizes[kind(file)] += gz(file);
      const total = sizes.html + sizes.js + sizes.css + sizes.wasm;
      const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
      console.log(`    first load (${files.length} files), gzipped: html ${kb(sizes.html)}, js ${kb(sizes.js)}, css ${kb(sizes.css)}, wasm ${kb(sizes.wasm)}; total ${kb(total)}`);
      assert(files.some((f) => f.endsWith(".wasm")) && files.some((f) => f.endsWith(".js")), `first load: ${files}`);
      assert(sizes.html + sizes.js + sizes.css < 170 * 1024, `page code is ${kb(sizes.html + sizes.js + sizes.css)}`);
    });

    await check("the README screenshot", async () => {
      await page.goto(server.url);
      await waitReady(page);
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.type("FORM x");
      await problems.locator(`button[data-code="DL1000"]`).first().waitFor();
      await page.mouse.move(0, 0);
      const scrolled = await page.evaluate(() => document.scrollingElement.scrollHeight - window.innerHeight);
      assert(scrolled <= 1, `on a desktop screen the page itself should not scroll (${scrolled}px too tall)`);
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
  console.log("not ok - the browser test timed out after 600 s");
  process.exit(1);
}, 600_000);
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
