import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { kaizenConfig } from "../../config/config-schema.js";
import { git } from "../../repo/git.js";
import type { Task } from "../../schema/records.js";
import { openRunStore } from "../../store/run-store.js";
import { openTestSession } from "../../test-runners/test-session.js";
import { writeFiles } from "../../testing/write-files.js";
import type { Tool, ToolContext, ToolResult } from "./define-tool.js";
import { runTool } from "./run-tool.js";

export interface ToolTestContext extends ToolContext {
  /** Runs one call through the wrapper, as the harness does. */
  call(tool: Tool, args: unknown): Promise<ToolResult>;
}

/** A small node:test project most tool tests can work in. */
export const EXAMPLE_FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "shop", type: "module", scripts: { test: "node --test test/" } }, null, 2),
  ".gitignore": "dist/\n",
  "src/cart.js": [
    "export class Cart {",
    "  constructor() {",
    "    this.items = [];",
    "  }",
    "",
    "  add(name, price) {",
    "    this.items.push({ name, price });",
    "  }",
    "",
    "  total() {",
    "    return this.items.reduce((sum, item) => sum + item.price, 0);",
    "  }",
    "}",
    "",
    "export function formatPrice(cents) {",
    "  return `$${(cents / 100).toFixed(2)}`;",
    "}",
    "",
  ].join("\n"),
  "test/cart.test.js": [
    'import assert from "node:assert/strict";',
    'import { test } from "node:test";',
    'import { Cart, formatPrice } from "../src/cart.js";',
    "",
    'test("an empty cart totals zero", () => {',
    "  assert.equal(new Cart().total(), 0);",
    "});",
    "",
    'test("formats cents as dollars", () => {',
    '  assert.equal(formatPrice(1250), "$12.50");',
    "});",
    "",
  ].join("\n"),
  "README.md": "# shop\n\nA tiny shopping cart.\n",
};

/**
 * A real workspace for tool tests: a git repository with `files` committed (hooks off, as the
 * workspace pool makes them), a run store and a sandboxed test session, all under `dir`.
 */
export async function openToolTestContext(options: {
  dir: string;
  files?: Record<string, string>;
  secrets?: string[];
  maxObservationChars?: number;
}): Promise<ToolTestContext> {
  const { dir, files = EXAMPLE_FILES } = options;
  const workspace = join(dir, "workspace");
  const runDir = join(dir, "run");
  mkdirSync(workspace, { recursive: true });
  mkdirSync(runDir, { recursive: true });
  writeFiles({ dir: workspace, files });
  const env = { GIT_AUTHOR_NAME: "Ada", GIT_AUTHOR_EMAIL: "ada@example.com", GIT_COMMITTER_NAME: "Ada", GIT_COMMITTER_EMAIL: "ada@example.com" };
  await git({ cwd: workspace, args: ["init", "--quiet", "--initial-branch=main"] });
  await git({ cwd: workspace, args: ["config", "core.hooksPath", "/dev/null"] });
  await git({ cwd: workspace, args: ["add", "-A"] });
  await git({ cwd: workspace, env, args: ["commit", "--quiet", "-m", "Start the shop"] });
  const baseCommit = (await git({ cwd: workspace, args: ["rev-parse", "HEAD"] })).trim();

  const store = openRunStore({ dir: runDir });
  const tests = await openTestSession({ runDir, repoName: "example/shop", workspace, config: kaizenConfig.parse({}), store, sandbox: true });
  const context: ToolContext = {
    workspace,
    task: exampleTask(baseCommit),
    tests,
    store,
    license: "MIT",
    secrets: options.secrets ?? [],
    maxObservationChars: options.maxObservationChars ?? 10_000,
  };
  let calls = 0;
  return { ...context, call: (tool, args) => runTool({ tool, args, context, callId: `call-${++calls}` }) };
}

function exampleTask(baseCommit: string): Task {
  return {
    id: "example-shop-1",
    repo: "example/shop",
    baseCommit,
    problemStatement: "The cart total is wrong.",
    hintsText: "",
    createdAt: new Date().toISOString(),
    goldPatch: "",
    testPatch: "",
    failToPass: [],
    passToPass: [],
    origin: "commit",
    scope: { files: [], symbols: [] },
    labels: { language: "javascript", kind: "bug-fix", size: { files: 0, lines: 0 } },
    validation: { gates: [], runs: [], flaky: false, sandboxed: true },
    provenance: { tier: "transparent", sources: [] },
  };
}
