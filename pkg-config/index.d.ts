// Types of the Layerlab API. Hand-written to match the serde shapes of the
// Rust core (`crate/src/analyze.rs`, `report.rs`, `diagnostic.rs`,
// `format/`); the wasm round-trip tests and tests/node check they agree.

/** How serious a finding is (hadolint's levels). */
export type Severity = "error" | "warning" | "info" | "style";

/** What a finding is about. */
export type Category =
  | "security"
  | "cache"
  | "size"
  | "correctness"
  | "maintainability"
  | "style";

/** The kind of an input file, detected from its name unless forced. */
export type FileKind = "dockerfile" | "compose" | "dockerignore" | "env" | "config" | "other";

/** Half-open range of byte offsets into the UTF-8 text. */
export interface TextRange {
  start: number;
  end: number;
}

/** Half-open range of UTF-16 code unit offsets: JavaScript string indices, CodeMirror's from/to. */
export interface Utf16Range {
  start: number;
  end: number;
}

/** Replace `range` by `newText`. */
export interface Edit {
  range: TextRange;
  utf16: Utf16Range;
  newText: string;
}

/** A titled set of non-overlapping edits that fixes one finding. */
export interface Fix {
  title: string;
  edits: Edit[];
}

/** A secondary location that explains a finding ("defined here"). */
export interface Related {
  file: string;
  range: TextRange;
  utf16: Utf16Range;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  message: string;
}

/** One finding. Lines and columns are 1-based; columns count characters; ends are exclusive. */
export interface Diagnostic {
  /** `DL1000`, `DL3008`, `JSONArgsRecommended`, `LL1001`, … */
  code: string;
  severity: Severity;
  category: Category;
  message: string;
  file: string;
  range: TextRange;
  utf16: Utf16Range;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Documentation of the code, when there is some. */
  url?: string;
  fixes: Fix[];
  related: Related[];
}

export interface FileSummary {
  name: string;
  kind: FileKind;
}

/** An edge of the stage graph. */
export interface DependencyReport {
  kind: "base" | "copyFrom" | "mountFrom";
  /** The stage depended on; `null` for an external image or named context. */
  stage: number | null;
  /** The reference as written (`build`, `0`, `nginx:alpine`). */
  reference: string;
  line: number;
}

/** A build stage. */
export interface StageReport {
  index: number;
  /** The name after `AS`, lower-cased. */
  name: string | null;
  baseKind: "image" | "stage" | "scratch";
  /** The base after ARG expansion (`node:22-alpine`), the stage name, or `scratch`. */
  base: string;
  baseStage: number | null;
  platform: string | null;
  /** 1-based lines of the FROM and of the stage's last instruction. */
  line: number;
  endLine: number;
  /** The FROM instruction. */
  range: TextRange;
  utf16: Utf16Range;
  /** Whether building the target needs this stage (BuildKit). */
  needed: boolean;
  isTarget: boolean;
  dependencies: DependencyReport[];
}

export interface DockerfileReport {
  file: string;
  stages: StageReport[];
  /** ARGs before the first FROM: `[name, value]`, value `null` when unset. */
  globalArgs: [string, string | null][];
  /** Index of the target stage; `null` when the target names no stage. */
  target: number | null;
}

/** A compose file's normalised model and resolved view. */
export interface ComposeReport {
  file: string;
  /** Services, networks, volumes, secrets, configs; every value with its range. */
  model: Record<string, unknown> | null;
  /** What `docker compose config` would print, as JSON. */
  resolved: Record<string, unknown> | null;
  /** The same, as YAML. */
  resolvedYaml: string | null;
  /** Interpolated variables: name, default, required, value, uses. */
  variables: unknown[];
}

/** Everything `analyze` found. */
export interface Report {
  /** Version of the core that produced the report. */
  version: string;
  files: FileSummary[];
  /** Sorted by file, then position, then code. */
  diagnostics: Diagnostic[];
  /** One per Dockerfile: stages and the stage graph. */
  dockerfiles: DockerfileReport[];
  /** One per compose file. */
  compose: ComposeReport[];
}

/** The `.hadolint.yaml` keys, camel-cased. */
export interface LintConfig {
  ignored?: string[];
  /** Severity per code; also turns on rules that are off by default. */
  overrides?: Record<string, Severity>;
  trustedRegistries?: string[];
  failureThreshold?: Severity | "none";
  labelSchema?: Record<string, "text" | "url" | "semver" | "hash" | "rfc3339" | "spdx" | "email">;
  strictLabels?: boolean;
  disableIgnorePragma?: boolean;
  noFail?: boolean;
}

/** A build-context entry (paths relative, `/`-separated). */
export interface ContextEntry {
  path: string;
  kind: "file" | "dir" | "symlink";
  /** Content hash, opaque. */
  hash?: string;
  size?: number;
  /** Permission bits, e.g. `0o644`. */
  mode?: number;
  linkTarget?: string | null;
}

export interface AnalyzeOptions {
  /** Force the kind of a file, by name (otherwise detected from the name). */
  kinds?: Record<string, FileKind>;
  config?: LintConfig;
  buildArgs?: Record<string, string>;
  target?: string | null;
  /** `os/arch[/variant]`, default `linux/amd64`. */
  platform?: string | null;
  /** The build context, when known (enables context-aware rules). */
  context?: ContextEntry[] | null;
  /** `YYYY-MM-DD`; defaults to today. */
  today?: string | null;
  /** Environment for compose interpolation (wins over `.env`). */
  environment?: Record<string, string>;
}

export interface AnalyzeInput {
  /** File texts by name: `{ "Dockerfile": "FROM …", "compose.yaml": "…" }`. */
  files: Record<string, string>;
  options?: AnalyzeOptions;
}

export type OutputFormat = "tty" | "json" | "sarif" | "checkstyle";

export interface FormatOptions {
  /** Default `"tty"`. */
  format?: OutputFormat;
  /** ANSI colours in `tty` output. Default `false`. */
  color?: boolean;
  /** File texts by name, for the source lines `tty` shows. */
  sources?: Record<string, string>;
}

/** One element of the `json` format's array (hadolint's keys plus `endLine`/`endColumn`). */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  level: Severity;
  message: string;
}

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOptions {
  /** Where to load the `.wasm` from; defaults to `wasm/layerlab_bg.wasm` next to the entry module. */
  module_or_path?: InitInput | Promise<InitInput>;
}

export interface InitSyncOptions {
  module: BufferSource | WebAssembly.Module;
}

/** Load the WebAssembly module (browsers and bundlers must await this once; in Node it is optional). */
export function init(options?: InitOptions): Promise<void>;

/**
 * Load the WebAssembly module synchronously. Browsers must pass `{ module }`;
 * the Node entry reads the packaged file when called without options.
 */
export function initSync(options?: InitSyncOptions): void;

/** Analyse a set of files. Throws an `Error` when the input has the wrong shape. */
export function analyze(input: AnalyzeInput): Report;

/** Render a report as text. Throws an `Error` on an unknown format. */
export function formatReport(report: Report, options?: FormatOptions): string;

/** The version of the Rust core. */
export function version(): string;

/** Where a rule's code and meaning come from. */
export type RuleOrigin = "hadolint" | "buildkit" | "layerlab" | "compose";

/** A rule, as `rules()` lists it. */
export interface RuleSummary {
  /** `DL3008`, `JSONArgsRecommended`, `LL1001`, … */
  code: string;
  /** Kebab-case, e.g. `apt-get-pin-versions`. */
  name: string;
  origin: RuleOrigin;
  /** The kind of file the rule looks at. */
  target: "dockerfile" | "compose" | "dockerignore";
  /** The default severity. */
  severity: Severity;
  category: Category;
  /** One line. */
  summary: string;
  /** The primary external reference. */
  url: string;
  /** False for rules that report nothing unless the configuration turns them on. */
  enabledByDefault: boolean;
}

/** A rule with its documentation, as `explain(code)` returns it. */
export interface RuleDoc extends RuleSummary {
  /** Markdown: `## What it does`, `## Why is this bad?`, `## Example`, references. */
  documentation: string;
}

/** A rule's documentation by code, or `null` when no rule has that code. */
export function explain(code: string): RuleDoc | null;

/** Every rule Layerlab knows (without documentation). */
export function rules(): RuleSummary[];

/** One build of the cache simulator: the Dockerfile, the context and the options. */
export interface BuildInput {
  dockerfile: string;
  dockerfilePath?: string;
  /** A list of entries, or a map from path to `{ hash? | text?, size?, mode? }`. */
  context?: ContextEntry[] | Record<string, { hash?: string; text?: string; size?: number; mode?: number | string }>;
  dockerignore?: string | null;
  buildArgs?: Record<string, string>;
  target?: string | null;
  builder?: "buildkit" | "legacy";
  [option: string]: unknown;
}

export interface RebuildInput {
  before: BuildInput;
  after: BuildInput;
  store?: unknown;
  /** Lines of the after Dockerfile whose output bytes do not change when they re-run. */
  deterministic?: number[];
}

export type CacheStatus = "hit" | "miss" | "meta" | "skipped" | "content-dependent";

export interface RebuildStep {
  stage: string;
  stageIndex: number | null;
  line: number;
  endLine: number;
  instruction: string;
  status: CacheStatus;
  /** A stable code: `CACHED`, `FILES`, `INHERITED`, `ARG`, `ENV`, `NEW_INSTRUCTION`, … */
  reason: string;
  detail: string;
  range: TextRange;
  utf16: Utf16Range;
  [field: string]: unknown;
}

export interface RebuildReport {
  steps: RebuildStep[];
  summary: Record<string, unknown>;
}

export interface SizeInput {
  dockerfile: string;
  dockerignore?: string | null;
  context?: ContextEntry[] | null;
  files?: Record<string, string>;
  buildArgs?: Record<string, string>;
  target?: string | null;
  [option: string]: unknown;
}

export interface SizeReport {
  imageBytes: number;
  pullBytes: number;
  layers: { line: number; instruction: string; bytes: number; low: number; high: number | null; basis: string; [field: string]: unknown }[];
  [field: string]: unknown;
}

/** Which steps of a build re-run after an edit, and why. */
export function rebuild(input: RebuildInput): RebuildReport;

/** Estimate the size of the image a Dockerfile builds. */
export function size(input: SizeInput): SizeReport;

export default init;
