import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { git } from "../repo/git.js";
import { SCHEMA_VERSION } from "../store/migrations.js";
import { openRunStore } from "../store/run-store.js";
import { runKaizen } from "../testing/run-kaizen.js";
import { tempDir } from "../testing/temp-dir.js";

const kaizen = runKaizen;

const COMMANDS = ["init", "test", "mine", "inject", "tasks", "rollout", "trajectories", "judge", "curate", "export", "learn", "eval", "review", "loop", "report", "demo", "doctor"];

async function gitRepo(dir: string, files: Record<string, string>) {
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  await git({ cwd: dir, args: ["init", "--quiet", "--initial-branch=main"] });
  await git({ cwd: dir, args: ["add", "--all"] });
  await git({ cwd: dir, args: ["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "initial"] });
  return dir;
}

/** One line of what is wrong and one of what to do, with no stack trace. */
function assertClearError(result: { code: number | null; stderr: string }, pattern: RegExp) {
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
  assert.ok(result.stderr.trim().split("\n").length <= 3, result.stderr);
}

test("--help lists every command with one line each", async () => {
  const { code, stdout } = await kaizen(["--help"]);
  assert.equal(code, 0);
  for (const name of COMMANDS) assert.match(stdout, new RegExp(`^  ${name} .*\\S`, "m"), name);
});

test("every command has --help, --run and --json", async () => {
  const results = await Promise.all(COMMANDS.map((name) => kaizen([name, "--help"])));
  for (const [index, { code, stdout }] of results.entries()) {
    assert.equal(code, 0, COMMANDS[index]);
    assert.match(stdout, /--run <dir>/, COMMANDS[index]);
    assert.match(stdout, /--json/, COMMANDS[index]);
  }
});

test("bad usage exits 2", async () => {
  assert.equal((await kaizen(["mine"])).code, 2);
  assert.equal((await kaizen(["no-such-command"])).code, 2);
  assert.equal((await kaizen(["doctor", "--no-such-flag"])).code, 2);
});

test("a missing path and a directory that is not a git repository get one clear line each", async (t) => {
  assertClearError(await kaizen(["mine", "/nonexistent"]), /repository \/nonexistent does not exist/);
  assertClearError(await kaizen(["mine", tempDir(t)]), /is not a usable git repository/);
});

test("a corrupt config, a store from a newer kaizen and an unusable run directory are bad input", async (t) => {
  const repo = await gitRepo(join(tempDir(t), "repo"), { "a.js": "export const a = 1;\n" });

  writeFileSync(join(repo, "kaizen.config.json"), JSON.stringify({ sandbox: { enabled: "yes" } }));
  assertClearError(await kaizen(["mine", repo, "--run", join(tempDir(t), "run")]), /kaizen\.config\.json: sandbox\.enabled: .*expected boolean/);
  writeFileSync(join(repo, "kaizen.config.json"), "{}");

  const run = tempDir(t);
  const store = openRunStore({ dir: run });
  store.repos.save({ name: "kept/record", source: repo, addedAt: "2026-11-21T10:00:00Z" });
  store.close();
  const db = new Database(join(run, "kaizen.db"));
  db.pragma("user_version = 42");
  db.close();
  assertClearError(await kaizen(["mine", repo, "--run", run]), /newer than this kaizen knows/);
  const doctor = await kaizen(["doctor", "--run", run, "--json"], { cwd: repo });
  assert.equal(doctor.code, 1);
  const storeCheck = JSON.parse(doctor.stdout).checks.find((check: { check: string }) => check.check === "run store");
  assert.equal(storeCheck.status, "fail");
  // Nothing was lost: the record is still there once the version is put back.
  const reopened = new Database(join(run, "kaizen.db"));
  reopened.pragma(`user_version = ${SCHEMA_VERSION}`);
  reopened.close();
  const again = openRunStore({ dir: run, mustExist: true });
  assert.equal(again.repos.get("kept/record")?.source, repo);
  again.close();

  const fileAsRun = join(tempDir(t), "not-a-dir");
  writeFileSync(fileAsRun, "x");
  assertClearError(await kaizen(["demo", "--run", fileAsRun]), /cannot use run directory .*it is a file/);
});

test("doctor prints one line per check and reaches a configured model endpoint without printing its key", async (t) => {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url} ${request.headers.authorization ?? ""}`);
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ object: "list", data: [{ id: "gpt-oss-20b", object: "model" }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => server.close());
  const port = (server.address() as AddressInfo).port;

  const repo = await gitRepo(join(tempDir(t), "repo"), { "a.py": "x = 1\n" });
  const secret = "sk-test-not-to-be-printed-4821";
  writeFileSync(
    join(repo, "kaizen.config.json"),
    JSON.stringify({
      models: {
        local: { baseUrl: `http://127.0.0.1:${port}/v1`, model: "gpt-oss-20b", apiKeyEnv: "KAIZEN_TEST_KEY" },
        down: { baseUrl: "http://127.0.0.1:9/v1", model: "m" },
      },
    }),
  );
  const run = join(tempDir(t), "run");
  const human = await kaizen(["doctor", "--run", run], { cwd: repo, env: { ...process.env, KAIZEN_TEST_KEY: secret } });
  const json = await kaizen(["doctor", "--run", run, "--json"], { cwd: repo, env: { ...process.env, KAIZEN_TEST_KEY: secret } });

  for (const output of [human.stdout, human.stderr, json.stdout, json.stderr]) assert.doesNotMatch(output, new RegExp(secret));
  assert.ok(seen.includes(`GET /v1/models Bearer ${secret}`), seen.join("\n"));
  const checks = JSON.parse(json.stdout).checks as { check: string; status: string; detail: string }[];
  const byName = Object.fromEntries(checks.map((check) => [check.check, check]));
  for (const name of ["git", "bubblewrap", "node", "js package managers", "js test runners", "python3 + pytest", "cargo", "go", "run store", "config"]) {
    assert.ok(byName[name], `doctor checks ${name}`);
    assert.match(human.stdout, new RegExp(`^(pass|warn|fail)\\s+${name.replace("+", "\\+")}\\s`, "m"));
  }
  assert.equal(byName["model local"]?.status, "pass");
  assert.match(byName["model local"]?.detail ?? "", /reachable, serves gpt-oss-20b/);
  assert.equal(byName["model down"]?.status, "warn");
  assert.equal(byName.git?.status, "pass");
});

test("init writes a starter config with the detected language and test command", async (t) => {
  const repo = await gitRepo(join(tempDir(t), "py"), {
    "pyproject.toml": "[project]\nname = 'p'\n[tool.pytest.ini_options]\ntestpaths = ['tests']\n",
    "src/p/__init__.py": "",
    "tests/test_p.py": "def test_p():\n    assert True\n",
  });
  const first = await kaizen(["init", "--repo", repo, "--json"]);
  assert.equal(first.code, 0, first.stderr);
  const config = JSON.parse(readFileSync(join(repo, "kaizen.config.json"), "utf8"));
  assert.deepEqual(config.languages, ["python"]);
  assert.deepEqual(config.test.command, ["python3", "-m", "pytest", "-q"]);
  assertClearError(await kaizen(["init", "--repo", repo]), /already exists/);
  assert.equal((await kaizen(["init", "--repo", repo, "--force"])).code, 0);
});

test("tasks import, list, show and export SWE-bench JSONL through the run store", async (t) => {
  const dir = tempDir(t);
  const run = join(dir, "run");
  const row = {
    repo: "astropy/astropy",
    instance_id: "astropy__astropy-12907",
    base_commit: "d16bfe05a744909de4b27f5875fe0d4ed41ce607",
    patch: "diff --git a/astropy/modeling/separable.py b/astropy/modeling/separable.py\n--- a/astropy/modeling/separable.py\n+++ b/astropy/modeling/separable.py\n@@ -1 +1 @@\n-a\n+b\n",
    test_patch: "",
    problem_statement: "separability_matrix is wrong for nested CompoundModels",
    hints_text: "",
    created_at: "2022-03-03T15:14:54Z",
    version: "4.3",
    FAIL_TO_PASS: '["astropy/modeling/tests/test_separable.py::test_separable[compound_model6-result6]"]',
    PASS_TO_PASS: '["astropy/modeling/tests/test_separable.py::test_coord_matrix"]',
    environment_setup_commit: "298ccb478e6bf092953bca67a3d29dc6c35f6752",
  };
  const input = join(dir, "in.jsonl");
  writeFileSync(input, `${JSON.stringify(row)}\n${JSON.stringify({ ...row, instance_id: "astropy__astropy-2" })}\n`);

  const bad = join(dir, "bad.jsonl");
  writeFileSync(bad, `${JSON.stringify(row)}\n{"repo": 1}\n`);
  assertClearError(await kaizen(["tasks", "import", bad, "--run", run]), /line 2 is not a SWE-bench instance/);
  assert.equal(JSON.parse((await kaizen(["tasks", "list", "--run", run, "--json"])).stdout).tasks.length, 0, "nothing imported from a bad file");

  // Rows from elsewhere are validated against a clone, or stored unvalidated only when asked.
  assertClearError(await kaizen(["tasks", "import", input, "--run", run]), /2 of 2 rows have not been validated by kaizen/);
  assert.equal((await kaizen(["tasks", "import", input, "--run", run, "--no-validate"])).code, 0);
  const listed = JSON.parse((await kaizen(["tasks", "list", "--run", run, "--json", "--origin", "imported"])).stdout);
  assert.deepEqual(listed.tasks.map((task: { id: string }) => task.id), ["astropy__astropy-12907", "astropy__astropy-2"]);
  const shown = JSON.parse((await kaizen(["tasks", "show", "astropy__astropy-12907", "--run", run, "--json"])).stdout);
  assert.deepEqual(shown.scope.files, ["astropy/modeling/separable.py"]);
  assertClearError(await kaizen(["tasks", "show", "nope", "--run", run]), /no task nope/);

  const exported = await kaizen(["tasks", "export", "--run", run]);
  const first = JSON.parse(exported.stdout.split("\n")[0]!);
  for (const [field, value] of Object.entries(row)) assert.deepEqual(first[field], value, field);

  // Re-importing kaizen's own export gives the same records.
  const out = join(dir, "out.jsonl");
  assert.equal((await kaizen(["tasks", "export", "--run", run, "--out", out])).code, 0);
  const run2 = join(dir, "run2");
  assert.equal((await kaizen(["tasks", "import", out, "--run", run2, "--no-validate"])).code, 0);
  assert.deepEqual(
    JSON.parse((await kaizen(["tasks", "show", "astropy__astropy-2", "--run", run2, "--json"])).stdout),
    JSON.parse((await kaizen(["tasks", "show", "astropy__astropy-2", "--run", run, "--json"])).stdout),
  );
  assert.equal((await kaizen(["tasks", "stats", "--run", run])).code, 0);
});
