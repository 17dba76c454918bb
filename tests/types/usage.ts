// Compiled with `tsc --noEmit` by tests/node/package.test.mjs: the
// hand-written types of pkg/index.d.ts must accept real usage and reject
// wrong usage (each @ts-expect-error must be an error, or tsc fails).

import init, {
  analyze,
  formatReport,
  initSync,
  version,
  type Diagnostic,
  type JsonFinding,
  type Report,
  type Severity,
} from "../../pkg/index.js";

export async function lint(text: string, wasm: URL): Promise<string> {
  await init({ module_or_path: wasm });
  initSync({ module: new Uint8Array() });
  const report: Report = analyze({
    files: { Dockerfile: text },
    options: { kinds: { Dockerfile: "dockerfile" } },
  });
  const first: Diagnostic | undefined = report.diagnostics[0];
  const severity: Severity | undefined = first?.severity;
  const where = first ? `${first.file}:${first.line}:${first.column}-${first.endLine}:${first.endColumn}` : "";
  const editorRange = first ? [first.utf16.start, first.utf16.end] : [];
  const fixes = first?.fixes.flatMap((fix) => fix.edits.map((edit) => edit.newText)) ?? [];
  const findings: JsonFinding[] = JSON.parse(formatReport(report, { format: "json" }));
  return [version(), severity, where, editorRange, fixes, findings.length, first?.url ?? ""].join(" ");
}

export function wrongUsage(report: Report): void {
  // @ts-expect-error files must be strings
  analyze({ files: { Dockerfile: 1 } });
  // @ts-expect-error unknown format
  formatReport(report, { format: "xml" });
  // @ts-expect-error unknown kind
  analyze({ files: {}, options: { kinds: { a: "yaml" } } });
  // @ts-expect-error severities are error | warning | info | style
  const s: Severity = "fatal";
  // @ts-expect-error line is a number
  const line: string = report.diagnostics[0].line;
  void s;
  void line;
}
