import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import type { KaizenConfig } from "../../config/config-schema.js";
import { loadConfig } from "../../config/load-config.js";
import { judgeOutcomes } from "../../judge/judge-outcomes.js";
import { daggerPolicy } from "../../rollout/policies/dagger-policy.js";
import { noisyStudentPolicy } from "../../rollout/policies/noisy-student-policy.js";
import { oraclePolicy } from "../../rollout/policies/oracle/oracle-policy.js";
import { runRollouts } from "../../rollout/run-rollouts.js";
import { buildExampleRepos } from "../../demo/build-example-repos.js";
import { localRepoName } from "../../repo/local-repository.js";
import { injectBugs } from "../../tasks/inject/inject-bugs.js";
import { DEFAULT_OPERATORS } from "../../tasks/inject/mutation-operators.js";
import { mineRepository } from "../../tasks/mine-repository.js";
import { testRepository } from "../../test-runners/test-repository.js";
import type { ExampleRepo } from "../../demo/build-example-repo.js";
import { openRunStore, type RunStore } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import { KAIZEN_VERSION } from "../../version.js";
import type { CommandContext, CommandHandler, CommandResult, CommonOptions } from "../command-context.js";
import { startProgress, type Progress } from "../progress.js";

/** Self-play tasks the demo injects per example repository. */
const DEMO_INJECTED_TASKS = 6;

/** The pipeline stages `kaizen demo` will run once they exist, and the issue that builds each. */
const PENDING_STAGES = "scores with shaped rewards and hack detection (#7), curate and export (#8), learn and the loop (#9)";

/** The simulated student's mistake rate and the teacher's share in the demo's DAgger rollouts. */
const DEMO_EPSILON = 0.3;
const DEMO_BETA = 0.5;

export const demoCommand: CommandHandler<CommonOptions & { init?: string; sandbox?: boolean }> = async (context, _args, options) => {
  if (options.init !== undefined) {
    const dir = resolve(options.init);
    const repos = await buildWithProgress(dir);
    return { exitCode: 0, data: { repos }, human: [`built ${repos.length} example repositories in ${dir}`, ...repos.map(describeRepo)] };
  }
  const store = openRunStore({ dir: context.runDir });
  try {
    // A second demo in the same run directory reuses the repositories the first one built.
    const repos = await buildWithProgress(join(context.runDir, "examples"), true);
    return await runDemo(context, store, repos, options.sandbox !== false);
  } finally {
    store.close();
  }
};

/**
 * The main job so far: register the examples in a run, test each at HEAD the way every later
 * stage runs tests (workspace, cached dependencies, sandbox, per-test results), mine their
 * histories into tasks, and inject bugs for self-play tasks.
 */
async function runDemo(context: CommandContext, store: RunStore, repos: ExampleRepo[], sandbox: boolean): Promise<CommandResult> {
  const runId = `run-${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
  store.runs.save({
    id: runId,
    createdAt: new Date().toISOString(),
    kaizenVersion: KAIZEN_VERSION,
    command: "demo",
    sandboxed: sandbox,
    notes: sandbox ? [] : ["repository code ran without the sandbox (--no-sandbox)"],
  });
  const { config } = loadConfig({ runDir: context.runDir });
  const lines = repos.map(describeRepo);
  const suites = [];
  for (const repo of repos) {
    store.repos.save({ name: localRepoName(repo.path), source: repo.path, language: repo.language, addedAt: new Date().toISOString() });
    context.log(`testing ${repo.name} at HEAD${sandbox ? " in the sandbox" : " WITHOUT the sandbox"} …`);
    const report = await testRepository({ runDir: context.runDir, repoPath: repo.path, config, sandbox });
    const { passed, failed, errored, skipped, missing } = report.counts;
    const ok = failed + errored + missing === 0 && passed > 0;
    const seconds = report.runs.reduce((total, run) => total + run.durationMs, 0) / 1000;
    lines.push(`${repo.name}: ${report.framework}, ${passed} passed, ${failed} failed, ${errored} errored, ${skipped} skipped, ${missing} missing (${seconds.toFixed(1)} s${report.sandboxed ? `, sandboxed, limits: ${report.limits}` : ", NOT sandboxed"})`);
    context.log(`mining ${repo.name}'s history …`);
    const mined = await mineRepository({ runDir: context.runDir, repoPath: repo.path, config, store, jobs: 2, sandbox });
    const skippedCommits = Object.values(mined.skipped).reduce((a, b) => a + b, 0);
    const rejected = Object.values(mined.rejected).reduce((a, b) => a + b, 0);
        lines.push(`${repo.name}: mined ${mined.total} commits: ${skippedCommits} skipped, ${rejected} rejected, ${mined.tasks} new tasks (${mined.alreadyDecided} decided in an earlier run)`);
    context.log(`injecting bugs into ${repo.name} …`);
    const injected = await injectBugs({ runDir: context.runDir, repoPath: repo.path, config, store, count: DEMO_INJECTED_TASKS, seed: "0", operators: [...DEFAULT_OPERATORS], combine: 1, jobs: 2, sandbox });
    suites.push({ repo: repo.name, passed: ok, framework: report.framework, counts: report.counts, sandboxed: report.sandboxed, mined, injected });
    lines.push(`${repo.name}: injected ${injected.tasks} tasks from ${injected.candidates} candidates (${injected.alreadyDecided} decided in an earlier run)`);
  }
  lines.push(`tasks in the store: ${store.tasks.count()} (kaizen tasks list, kaizen tasks stats)`);
  const rollouts = await demoRollouts(context, store, config, sandbox);
  lines.push(...rollouts.lines);
  lines.push(`run ${runId} recorded in ${store.dir}`, `not built yet, so not run: ${PENDING_STAGES}`);
  const exitCode = suites.every((suite) => suite.passed) ? 0 : 1;
  return { exitCode, data: { runId, repos, suites, rollouts: rollouts.data, pendingStages: PENDING_STAGES }, human: lines };
}

/**
 * The rollout stage on every task: the oracle teacher, judged by running the tests, and DAgger with
 * a simulated student (no model is configured in the demo), so the run holds mixed trajectories
 * with the teacher's label on every state.
 */
async function demoRollouts(context: CommandContext, store: RunStore, config: KaizenConfig, sandbox: boolean) {
  const tasks = store.tasks.list();
  const settings = { contextWindow: 32_768, keepObservations: 10, maxSteps: 40, maxWallMs: 600_000, maxObservationChars: 10_000 };
  const common = { runDir: context.runDir, config, store, tasks, samples: 1, settings, jobs: 2, sandbox };
  context.log(`rolling out the oracle teacher on ${tasks.length} tasks …`);
  const oracle = await runRollouts({ ...common, makePolicy: () => oraclePolicy(), describePolicy: (job) => ({ kind: "oracle", sample: job.sample }) });
  context.log("judging the oracle's patches by running the tests …");
  const judged = await judgeOutcomes({ runDir: context.runDir, config, store, trajectories: oracle.trajectoryIds.map((id) => store.trajectories.get(id)!), sandbox, jobs: 2 });
  context.log(`rolling out DAgger (simulated student, ε=${DEMO_EPSILON}; oracle teacher, β=${DEMO_BETA}) …`);
  const dagger = await runRollouts({
    ...common,
    makePolicy: (job) => daggerPolicy({ student: noisyStudentPolicy({ epsilon: DEMO_EPSILON, seed: job.sample }), teacher: oraclePolicy(), beta: DEMO_BETA, seed: `${job.sample}:${job.task.id}` }),
    describePolicy: (job) => ({ kind: "dagger", model: `simulated-student(ε=${DEMO_EPSILON})`, teacher: "oracle", beta: DEMO_BETA, sample: job.sample }),
  });
  const daggerSteps = dagger.trajectoryIds.flatMap((id) => store.trajectories.get(id)!.steps);
  const studentSteps = daggerSteps.filter((step) => step.actor !== "teacher").length;
  return {
    data: { oracle: { ...oracle, resolved: judged.resolved, judged: judged.total }, dagger: { ...dagger, steps: daggerSteps.length, studentSteps } },
    lines: [
      `oracle teacher: ${judged.resolved} of ${judged.total} tasks resolved, judged by running FAIL_TO_PASS and PASS_TO_PASS on restored test files`,
      `DAgger (a SIMULATED student: the oracle with ε=${DEMO_EPSILON} mistakes, not a model): ${dagger.total} trajectories, ${daggerSteps.length} steps, ${studentSteps} by the student, every state labelled by the teacher`,
      "kaizen trajectories list shows them; to roll out your own model: kaizen rollout --policy dagger --base-url http://127.0.0.1:8000/v1 --model NAME",
    ],
  };
}

async function buildWithProgress(dir: string, reuse = false): Promise<ExampleRepo[]> {
  let progress: Progress | undefined;
  let current = "";
  try {
    return await buildExampleRepos({
      dir,
      reuse,
      onStep: (name, done, total) => {
        if (name !== current) {
          progress?.stop();
          progress = startProgress({ label: `building ${name}`, total });
          current = name;
        }
        progress?.update(done);
      },
    });
  } catch (error) {
    throw new UserError(`could not build the example repositories in ${dir}: ${(error as Error).message}`, "choose a directory without them; kaizen doctor checks git and npm");
  } finally {
    progress?.stop();
  }
}

function describeRepo(repo: ExampleRepo): string {
  return `${repo.name}  ${repo.language}  ${repo.commitCount} commits  HEAD ${repo.head.slice(0, 12)}  ${repo.path}`;
}
