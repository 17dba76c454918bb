// The project the playground edits: every file of the build context by path
// (Dockerfiles, compose.yaml, .dockerignore and .env are context files too,
// as they are on disk), plus the build settings. Listeners hear about every
// change; the panels re-render from the project, never the other way round.
//
// A file either has text (editable) or only a size and a content hash (a
// 300 MB model.bin, or a file of a dropped folder): the analyses need
// names, sizes, modes and hashes, not bytes.

export const DEFAULT_MODE = 0o644;

/** Context texts up to this many bytes travel with a build input. */
const TEXT_FOR_ANALYSES = 256 * 1024;

/** What a path is to the analyses, from its name as Docker tools decide. */
export function fileKind(path) {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const lower = base.toLowerCase();
  if (lower.endsWith(".dockerignore")) return "dockerignore";
  if (lower === "dockerfile" || lower.startsWith("dockerfile.") || lower.endsWith(".dockerfile") || lower === "containerfile") {
    return "dockerfile";
  }
  if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(lower)) return "compose";
  if (lower === ".env" || lower.endsWith(".env")) return "env";
  return "other";
}

/** FNV-1a 64-bit as 16 hex digits: a cheap, stable content hash for text. */
export function textHash(text) {
  let hash = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(text);
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

const utf8Length = (text) => new TextEncoder().encode(text).length;

/** Clean a user-typed path: relative, `/`-separated, no `.`/`..` parts. */
export function normalizePath(path) {
  const parts = [];
  for (const part of String(path).replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") return null;
    parts.push(part);
  }
  return parts.length ? parts.join("/") : null;
}

export const DEFAULT_SETTINGS = Object.freeze({
  dockerfile: "Dockerfile",
  target: "",
  builder: "buildkit",
  platform: "",
  buildArgs: {},
});

export class Project {
  constructor() {
    /** @type {Map<string, {text?: string, size: number, hash: string, mode: number}>} */
    this.files = new Map();
    this.settings = structuredClone(DEFAULT_SETTINGS);
    this.listeners = new Set();
    this.revision = 0;
  }

  /** Listen to changes: `listener({ kind, path })`; returns an unsubscribe function. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(change) {
    this.revision++;
    for (const listener of this.listeners) listener(change);
  }

  paths() {
    return [...this.files.keys()].sort((a, b) => a.localeCompare(b));
  }

  pathsOfKind(kind) {
    return this.paths().filter((path) => fileKind(path) === kind);
  }

  get(path) {
    return this.files.get(path);
  }

  /** The Dockerfile the layer, size and graph views follow. */
  activeDockerfile() {
    const dockerfiles = this.pathsOfKind("dockerfile");
    return dockerfiles.includes(this.settings.dockerfile) ? this.settings.dockerfile : dockerfiles[0] ?? null;
  }

  setText(path, text, { quiet = false } = {}) {
    const entry = this.files.get(path);
    const mode = entry?.mode ?? DEFAULT_MODE;
    this.files.set(path, { text, size: utf8Length(text), hash: textHash(text), mode });
    if (!quiet) this.changed({ kind: entry ? "edit" : "add", path });
  }

  /** Add a file: `{ text }`, or `{ size, hash }` for content the page does not hold. */
  add(path, { text, size, hash, mode = DEFAULT_MODE } = {}) {
    const clean = normalizePath(path);
    if (!clean) throw new Error(`not a valid context path: ${path}`);
    if (this.files.has(clean)) throw new Error(`${clean} already exists`);
    if ([...this.files.keys()].some((p) => p.startsWith(`${clean}/`))) throw new Error(`${clean} is a folder`);
    if (text !== undefined) {
      this.files.set(clean, { text, size: utf8Length(text), hash: textHash(text), mode });
    } else {
      const bytes = Math.max(0, Math.floor(Number(size) || 0));
      this.files.set(clean, { size: bytes, hash: hash ?? textHash(`${clean}\0${bytes}`), mode });
    }
    this.changed({ kind: "add", path: clean });
    return clean;
  }

  /** Rename a file, or a folder with everything below it. */
  rename(from, to) {
    const target = normalizePath(to);
    if (!target) throw new Error(`not a valid context path: ${to}`);
    const moves = [...this.files.keys()].filter((p) => p === from || p.startsWith(`${from}/`));
    if (moves.length === 0) throw new Error(`${from} does not exist`);
    const renamed = moves.map((p) => [p, target + p.slice(from.length)]);
    for (const [, next] of renamed) {
      if (this.files.has(next) && !moves.includes(next)) throw new Error(`${next} already exists`);
    }
    const entries = renamed.map(([old, next]) => [next, this.files.get(old)]);
    for (const [old] of renamed) this.files.delete(old);
    for (const [next, entry] of entries) this.files.set(next, entry);
    if (this.settings.dockerfile === from) this.settings.dockerfile = target;
    this.changed({ kind: "rename", path: target, from });
    return target;
  }

  /** Remove a file, or a folder with everything below it. */
  remove(path) {
    let removed = 0;
    for (const p of [...this.files.keys()]) {
      if (p === path || p.startsWith(`${path}/`)) {
        this.files.delete(p);
        removed++;
      }
    }
    if (removed) this.changed({ kind: "remove", path });
    return removed;
  }

  chmod(path, mode) {
    const entry = this.files.get(path);
    if (!entry) throw new Error(`${path} does not exist`);
    this.files.set(path, { ...entry, mode: mode & 0o7777 });
    this.changed({ kind: "chmod", path });
  }

  /** Give a file a size without content (drops its text): new bytes, new hash. */
  setSize(path, size) {
    const entry = this.files.get(path);
    if (!entry) throw new Error(`${path} does not exist`);
    const bytes = Math.max(0, Math.floor(Number(size) || 0));
    this.files.set(path, { size: bytes, hash: textHash(`${path}\0${bytes}\0${entry.hash}`), mode: entry.mode });
    this.changed({ kind: "edit", path });
  }

  /** Change a content-less file's bytes without changing its size (`touch` with new content). */
  touch(path) {
    const entry = this.files.get(path);
    if (!entry) throw new Error(`${path} does not exist`);
    if (entry.text !== undefined) return;
    this.files.set(path, { ...entry, hash: textHash(`${entry.hash}\0touched`) });
    this.changed({ kind: "edit", path });
  }

  updateSettings(patch) {
    Object.assign(this.settings, patch);
    this.changed({ kind: "settings" });
  }

  /** Replace everything (an example, a shared link, an opened folder). */
  load(snapshot) {
    this.files.clear();
    for (const [path, spec] of Object.entries(snapshot.files ?? {})) {
      const clean = normalizePath(path);
      // A share link is input from anywhere: skip what is not a file spec.
      if (!clean || !spec || typeof spec !== "object") continue;
      const mode = typeof spec.m === "number" ? spec.m & 0o7777 : DEFAULT_MODE;
      if (typeof spec.t === "string") {
        this.files.set(clean, { text: spec.t, size: utf8Length(spec.t), hash: textHash(spec.t), mode });
      } else {
        const size = Math.max(0, Math.floor(Number(spec.s) || 0));
        this.files.set(clean, { size, hash: String(spec.h ?? textHash(`${clean}\0${size}`)), mode });
      }
    }
    const settings = snapshot.settings && typeof snapshot.settings === "object" ? snapshot.settings : {};
    this.settings = {
      ...structuredClone(DEFAULT_SETTINGS),
      ...pick(settings, ["dockerfile", "target", "builder", "platform"]),
      buildArgs: Object.fromEntries(
        Object.entries(settings.buildArgs && typeof settings.buildArgs === "object" ? settings.buildArgs : {})
          .filter(([, value]) => typeof value === "string"),
      ),
    };
    if (!["buildkit", "legacy"].includes(this.settings.builder)) this.settings.builder = "buildkit";
    this.changed({ kind: "load" });
  }

  /** A compact, JSON-able copy (what share links and downloads carry). */
  snapshot() {
    const files = {};
    for (const path of this.paths()) {
      const entry = this.files.get(path);
      const spec = entry.text !== undefined ? { t: entry.text } : { s: entry.size, h: entry.hash };
      if (entry.mode !== DEFAULT_MODE) spec.m = entry.mode;
      files[path] = spec;
    }
    const settings = {};
    for (const [key, value] of Object.entries(this.settings)) {
      const isDefault = key === "buildArgs" ? Object.keys(value).length === 0 : value === DEFAULT_SETTINGS[key];
      if (!isDefault) settings[key] = value;
    }
    return { v: 1, files, settings };
  }

  /** The text inputs `analyze` reads: Dockerfiles, compose files, ignore files, .env. */
  analysisFiles() {
    const files = {};
    for (const path of this.paths()) {
      const entry = this.files.get(path);
      if (fileKind(path) !== "other" && entry.text !== undefined) files[path] = entry.text;
    }
    return files;
  }

  /** The context as `analyze` takes it: `[{ path, kind, hash, size, mode }]`. */
  contextEntries() {
    return this.paths().map((path) => {
      const entry = this.files.get(path);
      return { path, kind: "file", hash: entry.hash, size: entry.size, mode: entry.mode };
    });
  }

  /** The input of `analyze`. */
  analyzeInput(today) {
    const options = {
      buildArgs: { ...this.settings.buildArgs },
      context: this.contextEntries(),
    };
    if (this.settings.target) options.target = this.settings.target;
    if (this.settings.platform) options.platform = this.settings.platform;
    if (today) options.today = today;
    return { files: this.analysisFiles(), options };
  }

  /**
   * One build as the cache simulator and the size estimator take it
   * (`BuildInput`): the active Dockerfile, the context as a path map, the
   * ignore files, args, target and builder.
   */
  buildInput(label = "current") {
    const dockerfilePath = this.activeDockerfile();
    if (!dockerfilePath) return null;
    const context = {};
    for (const path of this.paths()) {
      const entry = this.files.get(path);
      context[path] = { hash: entry.hash, size: entry.size, mode: entry.mode };
      // Texts let the size estimator read lock files and requirement lists.
      if (entry.text !== undefined && entry.size <= TEXT_FOR_ANALYSES) context[path].text = entry.text;
    }
    const input = {
      label,
      dockerfile: this.files.get(dockerfilePath).text ?? "",
      dockerfilePath,
      context,
      buildArgs: { ...this.settings.buildArgs },
      builder: this.settings.builder,
    };
    const ignore = this.files.get(".dockerignore");
    if (ignore?.text !== undefined) input.dockerignore = ignore.text;
    const own = this.files.get(`${dockerfilePath}.dockerignore`);
    if (own?.text !== undefined) input.dockerfileDockerignore = own.text;
    if (this.settings.target) input.target = this.settings.target;
    if (this.settings.platform) input.platform = this.settings.platform;
    return input;
  }
}

function pick(object, keys) {
  const out = {};
  for (const key of keys) if (typeof object[key] === "string") out[key] = object[key];
  return out;
}
