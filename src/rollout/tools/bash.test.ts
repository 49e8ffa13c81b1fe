import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { bashTool } from "./bash.js";
import { openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-bash-"));
  context = await openToolTestContext({ dir });
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const bash = (args: Record<string, unknown>) => context.call(bashTool, args);

test("a command runs in the repository root and shows its exit code, stdout and stderr", async () => {
  const result = await bash({ command: "ls src && echo oops >&2 && echo made > made.txt && exit 3" });
  assert.equal(result.isError, false);
  assert.equal(result.content, "exit code 3\nstdout:\ncart.js\nstderr:\noops");
  assert.equal(readFileSync(join(context.workspace, "made.txt"), "utf8"), "made\n", "the workspace is writable");
  assert.deepEqual(result.sources.map((source) => source.kind === "repo-file" && source.path), ["."]);
  assert.equal((await bash({ command: "true" })).content, "exit code 0\n(no output)");
});

test("the sandbox keeps writes outside the workspace from happening", async () => {
  const target = join(dir, "escaped.txt");
  const result = await bash({ command: `echo x > ${target}; echo done` });
  assert.equal(existsSync(target), false, result.content);
});

test("a command past its timeout is killed and reported", async () => {
  const started = Date.now();
  const result = await bash({ command: "echo started; sleep 30", timeout_sec: 1 });
  assert.ok(Date.now() - started < 15_000);
  assert.equal(result.isError, true);
  assert.match(result.content, /^timed out after 1 s and was killed; the output so far is below\./);
  assert.match(result.content, /stdout:\nstarted/);
});

test("a command the guard refuses never runs, and the refusal is an event", async () => {
  const result = await bash({ command: "git push --force origin main" });
  assert.equal(result.isError, true);
  assert.match(result.content, /^blocked: .+\. .+/);
  assert.deepEqual(result.events.map((event) => event.kind), ["guard-blocked"]);
  const invalid = await bash({ command: "ls", timeout_sec: 6000 });
  assert.match(invalid.content, /timeout_sec: .*600/);
});
