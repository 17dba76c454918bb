#!/usr/bin/env node
// The `layerlab` command. Reads files, calls the Rust core once with all of
// them, prints the report in the chosen format. Formatting happens in Rust
// (`formatReport`), so this file only deals with arguments, files and exit
// codes:
//   0  no error-level finding
//   1  at least one error-level finding
//   2  usage error, or a file could not be read
//   3  internal error (a bug: please report it)

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { analyze, formatReport, version } from "../node.js";

const FORMATS = ["tty", "json", "sarif", "checkstyle"];
const KINDS = ["dockerfile", "compose"];
const STDIN = "-";

const HELP = `Usage: layerlab lint [options] FILE...

Lint Dockerfiles and Compose files the way Docker and BuildKit read them.

Options:
  -k, --kind KIND      treat every FILE as KIND: ${KINDS.join(" | ")}
                       (default: detected from each file name)
  -f, --format FORMAT  ${FORMATS.join(" | ")} (default: tty)
  -h, --help           show this help
  -V, --version        show the version

FILE may be "-" for standard input (read as a Dockerfile unless --kind says
otherwise). Exit status: 0 no errors, 1 error-level findings, 2 usage or I/O
error, 3 internal error. Colour is used when standard output is a terminal and NO_COLOR is unset.
`;

class UsageError extends Error {}

function fail(message) {
  process.stderr.write(`layerlab: ${message}\n`);
}

function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        kind: { type: "string", short: "k" },
        format: { type: "string", short: "f" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "V" },
      },
    });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help || values.version) {
    return { help: values.help, version: values.version };
  }
  const [command, ...files] = positionals;
  if (command === undefined) throw new UsageError("missing command (try `layerlab lint FILE`)");
  if (command !== "lint") throw new UsageError(`unknown command: ${command}`);
  if (files.length === 0) throw new UsageError("no files to lint");
  const format = values.format ?? "tty";
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown format: ${format} (expected ${FORMATS.join(", ")})`);
  }
  if (values.kind !== undefined && !KINDS.includes(values.kind)) {
    throw new UsageError(`unknown kind: ${values.kind} (expected ${KINDS.join(", ")})`);
  }
  return { files, format, kind: values.kind };
}

function describe(error) {
  switch (error?.code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return error?.message ?? String(error);
  }
}

/** Decode UTF-8; invalid bytes become U+FFFD and are reported, never fatal. */
function decode(name, bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    fail(`${name}: not valid UTF-8; invalid bytes were replaced with U+FFFD`);
    return new TextDecoder("utf-8").decode(bytes);
  }
}

/** Read every file; report each one that cannot be read. */
function readAll(names) {
  const files = {};
  let ok = true;
  for (const name of names) {
    try {
      files[name] = decode(name, readFileSync(name === STDIN ? 0 : name));
    } catch (error) {
      fail(`cannot read ${name}: ${describe(error)}`);
      ok = false;
    }
  }
  return ok ? files : null;
}

function main(argv) {
  let args;
  try {
    args = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail(error.message);
    process.stderr.write("Run `layerlab --help` for usage.\n");
    return 2;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`layerlab ${version()}\n`);
    return 0;
  }

  const files = readAll(args.files);
  if (files === null) return 2;

  const kinds = {};
  for (const name of Object.keys(files)) {
    if (args.kind) kinds[name] = args.kind;
    else if (name === STDIN) kinds[name] = "dockerfile";
  }
  const report = analyze({ files, options: { kinds } });
  for (const file of report.files) {
    if (file.kind === "other") {
      fail(`${file.name}: cannot tell what kind of file this is from its name; pass --kind`);
    }
  }

  const color = args.format === "tty" && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  process.stdout.write(formatReport(report, { format: args.format, color, sources: files }));
  return report.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}

// Set the exit code instead of calling process.exit(), so a large report
// written to a pipe is flushed completely before Node exits.
try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  fail(`internal error: ${error?.stack ?? error}`);
  process.exitCode = 3;
}
