// The gallery: the project's own examples, each a small project (files and
// settings) that teaches one lesson. The first one opens by default.

import { EXAMPLE_DOCKERFILE } from "../example.js";
import { composeStack } from "./compose-stack.js";
import { hardened } from "./hardened.js";
import { multiStage, singleStage } from "./multi-stage.js";
import { nodeBad, nodeGood } from "./node-layer-order.js";
import { pythonBad, pythonGood } from "./python-layer-order.js";

export const starter = {
  id: "starter",
  title: "A first Flask Dockerfile",
  lesson:
    "It builds and it runs, and it makes the classic mistakes: a moving tag, the whole context copied " +
    "before the install, apt lists left in the image, root at run time, a shell-form CMD. Each comment names one.",
  tryEdit: "app.py",
  files: {
    Dockerfile: { t: EXAMPLE_DOCKERFILE },
    "requirements.txt": { t: "flask==3.0.3\npsycopg2==2.9.9\n" },
    "app.py": { t: 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n    return "hello"\n' },
    "README.md": { t: "# hello\n" },
    "data/model.bin": { s: 300_000_000, h: "model-v1" },
  },
};

/** Pairs first, so the gallery reads bad → good. */
export const EXAMPLES = [starter, pythonBad, pythonGood, nodeBad, nodeGood, singleStage, multiStage, hardened, composeStack];

export function exampleById(id) {
  return EXAMPLES.find((example) => example.id === id) ?? null;
}

/** An example as a project snapshot. */
export function exampleSnapshot(example) {
  return { v: 1, files: structuredClone(example.files), settings: structuredClone(example.settings ?? {}) };
}
