import assert from "node:assert/strict";
import { test } from "node:test";
import { git } from "../repo/git.js";
import { runKaizen } from "../testing/run-kaizen.js";
import { tempDir } from "../testing/temp-dir.js";
import type { ExampleRepo } from "./build-example-repo.js";
import { runExampleSuite } from "./build-example-repos.js";

// Not in example-repos.test.ts: a file runs its tests one after another, and the two are the
// suite's longest; apart, they run side by side.

const lines = async (cwd: string, args: string[]) => (await git({ cwd, args })).split("\n").filter(Boolean);

/**
 * Every bug-fix commit is a task in waiting: the tests it adds or changes fail on its parent and
 * pass on it. Checked here so later stages can rely on the fixture.
 */
test("each example bug fix comes with a test that fails before it and passes after", async (t) => {
  const dir = tempDir(t);
  const { code, stdout, stderr } = await runKaizen(["demo", "--init", dir, "--json"]);
  assert.equal(code, 0, stderr);
  for (const repo of JSON.parse(stdout).repos as ExampleRepo[]) {
    const fixes = (await lines(repo.path, ["log", "--first-parent", "--format=%H %s"]))
      .map((line) => ({ sha: line.slice(0, 40), subject: line.slice(41) }))
      .filter((commit) => commit.subject.startsWith("fix"));
    assert.ok(fixes.length >= 6, `${repo.name} has ${fixes.length} bug fixes`);
    let installedLock: string | undefined;
    const suiteAt = async (sha: string, testFilesFrom?: string) => {
      await git({ cwd: repo.path, args: ["checkout", "--quiet", "--force", sha] });
      await git({ cwd: repo.path, args: ["clean", "--quiet", "-fd"] });
      if (testFilesFrom) {
        const testFiles = (await lines(repo.path, ["diff", "--name-only", sha, testFilesFrom])).filter((file) => /(^|\/)tests?\//.test(file));
        assert.ok(testFiles.length > 0, `${testFilesFrom} changes tests`);
        await git({ cwd: repo.path, args: ["checkout", testFilesFrom, "--", ...testFiles] });
      }
      const lock = repo.install ? await git({ cwd: repo.path, args: ["rev-parse", `${sha}:package-lock.json`] }) : undefined;
      const install = lock === installedLock ? undefined : repo.install;
      installedLock = lock;
      return runExampleSuite({ ...repo, ...(install ? { install } : { install: undefined }) });
    };
    for (const fix of fixes) {
      const before = await suiteAt(`${fix.sha}^`, fix.sha);
      assert.equal(before.passed, false, `${repo.name}: the tests of "${fix.subject}" fail before the fix`);
      assert.ok(before.failure?.startsWith(repo.test.join(" ")), `it is the tests that fail, not the install: ${before.failure}`);
      const after = await suiteAt(fix.sha);
      assert.equal(after.passed, true, `${repo.name}: "${fix.subject}" passes: ${after.failure}`);
    }
  }
});
