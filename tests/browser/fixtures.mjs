// Stand-ins for the core's cache simulator and size estimator, for the
// browser tests while the core does not export `rebuild` and `size` yet.
// `installFixtures` runs inside the page (page.addInitScript) and defines
// `globalThis.__layerlabFixtures`, which www/core.js uses only when the
// package lacks the real function.
//
// The rebuild fixture is deliberately small: instructions are cache steps
// (RUN, COPY, ADD, WORKDIR) or meta; a COPY misses when a context file it
// copies changed (sources taken literally, `.` meaning everything not
// ignored by a plain-prefix .dockerignore); after a miss every later cache
// step of the stage misses too (inherited). Its shapes follow
// crate/src/cache/report.rs.

export function installFixtures() {
  const CACHE_STEPS = new Set(["RUN", "COPY", "ADD", "WORKDIR"]);

  function instructions(text) {
    const out = [];
    const lines = String(text).split("\n");
    for (let i = 0; i < lines.length; i++) {
      const start = i;
      let body = lines[i];
      while (/\\\s*$/.test(body) && i + 1 < lines.length) body = body.replace(/\\\s*$/, " ") + lines[++i].trim();
      const trimmed = body.trim();
      if (!trimmed || trimmed.startsWith("#")) continue;
      const keyword = trimmed.split(/\s+/)[0].toUpperCase();
      out.push({ line: start + 1, endLine: i + 1, keyword, text: trimmed });
    }
    return out;
  }

  function ignored(path, dockerignore) {
    const patterns = String(dockerignore ?? "")
      .split("\n")
      .map((p) => p.trim().replace(/\/$/, ""))
      .filter((p) => p && !p.startsWith("#"));
    return patterns.some((p) => path === p || path.startsWith(`${p}/`));
  }

  function sources(text) {
    const words = text.split(/\s+/).slice(1).filter((w) => !w.startsWith("--"));
    return words.slice(0, -1);
  }

  function changedFiles(before, after) {
    const paths = new Set([...Object.keys(before.context ?? {}), ...Object.keys(after.context ?? {})]);
    const changed = [];
    for (const path of paths) {
      const a = before.context?.[path];
      const b = after.context?.[path];
      if (!a || !b || a.hash !== b.hash || a.mode !== b.mode || a.size !== b.size) changed.push(path);
    }
    return changed.filter((p) => !ignored(p, after.dockerignore));
  }

  function rebuild({ before, after }) {
    const changed = changedFiles(before, after);
    const old = new Set(instructions(before.dockerfile).map((i) => i.text));
    const steps = [];
    let stage = "stage 0";
    let index = -1;
    let missed = null;
    for (const ins of instructions(after.dockerfile)) {
      if (ins.keyword === "FROM") {
        index++;
        const name = ins.text.match(/\sAS\s+(\S+)/i)?.[1];
        stage = name ?? `stage ${index}`;
        missed = null;
      }
      const step = {
        stage,
        stageIndex: index,
        line: ins.line,
        endLine: ins.endLine,
        instruction: ins.text,
        status: "meta",
        reason: ins.keyword === "FROM" ? "BUILD_STATE" : "CONFIG_ONLY",
        detail: "",
      };
      if (CACHE_STEPS.has(ins.keyword)) {
        const reads =
          ins.keyword === "COPY" && !/--from/i.test(ins.text)
            ? changed.filter((path) => sources(ins.text).some((s) => s === "." || path === s || path.startsWith(`${s.replace(/\/$/, "")}/`)))
            : [];
        if (!old.has(ins.text)) Object.assign(step, { status: "miss", reason: "CMD_TEXT", detail: "its text changed" });
        else if (reads.length) Object.assign(step, { status: "miss", reason: "FILES", detail: `${reads.join(", ")} changed`, paths: reads });
        else if (missed) Object.assign(step, { status: "miss", reason: "INHERITED", detail: `line ${missed} re-runs`, causeLine: missed });
        else Object.assign(step, { status: "hit", reason: "CACHED", detail: "every input is unchanged" });
        if (step.status === "miss") missed ??= ins.line;
        step.estimate = { lowSeconds: 1, highSeconds: 4, basis: "fixture", layerBytesLow: 1000, layerBytesHigh: 3000, layerBytesExact: false };
      }
      steps.push(step);
    }
    const misses = steps.filter((s) => s.status === "miss");
    return {
      steps,
      summary: {
        builder: after.builder ?? "buildkit",
        target: null,
        steps: steps.filter((s) => s.status !== "meta").length,
        rerun: misses.length,
        hits: steps.filter((s) => s.status === "hit").length,
        contentDependent: 0,
        meta: steps.filter((s) => s.status === "meta").length,
        skipped: 0,
        rerunLines: misses.map((s) => s.line),
        firstMiss: misses[0] ? { line: misses[0].line, reason: misses[0].reason, detail: misses[0].detail } : null,
        cost: { lowSeconds: misses.length, highSeconds: 4 * misses.length, pushBytesLow: 0, pushBytesHigh: 0, pushBytesExact: 0 },
        estimateNote: "fixture estimates",
        fails: null,
        problems: [],
      },
    };
  }

  function size(build) {
    const layers = instructions(build.dockerfile)
      .filter((i) => ["RUN", "COPY", "ADD"].includes(i.keyword))
      .map((i, n) => ({ line: i.line, instruction: i.text, bytes: 1_000_000 * (n + 1), low: 500_000, high: 2_000_000 * (n + 1), basis: "fixture" }));
    const layerBytes = layers.reduce((sum, l) => sum + l.bytes, 0);
    const baseBytes = 120_000_000;
    return {
      imageBytes: baseBytes + layerBytes,
      pullBytes: Math.round((baseBytes + layerBytes) / 2.6),
      base: { reference: "fixture:base", uncompressed: { bytes: baseBytes, low: baseBytes, high: baseBytes } },
      layers,
      stages: [{ name: "final", bytes: baseBytes + layerBytes, final: true }],
      wastedBytes: 2_000_000,
      efficiency: 0.97,
      alternatives: [{ base: "fixture:slim", imageBytes: 60_000_000 + layerBytes }],
      assumptions: ["fixture sizes"],
    };
  }

  globalThis.__layerlabFixtures = { rebuild, size };
}
