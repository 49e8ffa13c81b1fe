import { join, resolve } from "node:path";
import { loadConfig } from "../../config/load-config.js";
import { auditFromStore } from "../../curate/curation-audit.js";
import { buildExampleRepos } from "../../demo/build-example-repos.js";
import type { ExampleRepo } from "../../demo/build-example-repo.js";
import { runLoop } from "../../loop/run-loop.js";
import { localRepoName } from "../../repo/local-repository.js";
import { writeReport } from "../../report/write-report.js";
import { openRunStore, type RunStore } from "../../store/run-store.js";
import { testRepository } from "../../test-runners/test-repository.js";
import { UserError } from "../../user-error.js";
import type { CommandContext, CommandHandler, CommandResult, CommonOptions } from "../command-context.js";
import { startProgress, type Progress } from "../progress.js";

/** The demo's loop: two rounds over both examples, with the simulated student (no model needed). */
const DEMO_ROUNDS = 2;
const DEMO_EPSILON = 0.5;
const DEMO_SAMPLES = 2;
/** Newest commits mined and bugs injected per example in round 1: enough for every dataset, within ten minutes. */
const DEMO_MINED_COMMITS = 15;
const DEMO_INJECTED_TASKS = 4;
const DEMO_IMPOSSIBLE_TASKS = 2;

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
 * The main job: test each example at HEAD the way every later stage runs tests (workspace, cached
 * dependencies, sandbox, per-test results), then `kaizen loop` over both for two rounds with the
 * oracle teacher and a simulated ε-noisy student, then the HTML report.
 */
async function runDemo(context: CommandContext, store: RunStore, repos: ExampleRepo[], sandbox: boolean): Promise<CommandResult> {
  const { config, file: configFile } = loadConfig({ runDir: context.runDir });
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
    suites.push({ repo: repo.name, passed: ok, framework: report.framework, counts: report.counts, sandboxed: report.sandboxed });
  }
  context.log(`the student is SIMULATED (the oracle with ε=${DEMO_EPSILON} mistakes), not a model: everything it produces says so`);
  const outcome = await runLoop({
    context,
    config,
    configFile,
    store,
    repos: repos.map((repo) => ({ path: repo.path, name: localRepoName(repo.path) })),
    student: { kind: "simulated", epsilon: DEMO_EPSILON },
    samples: DEMO_SAMPLES,
    mineLimit: DEMO_MINED_COMMITS,
    injectCount: DEMO_INJECTED_TASKS,
    impossible: DEMO_IMPOSSIBLE_TASKS,
    benchmarkShare: 0.2,
    maxTargets: 2,
    wantPerTarget: 2,
    settings: { contextWindow: 32_768, keepObservations: 10, maxSteps: 40, maxWallMs: 600_000, maxObservationChars: 10_000 },
    jobs: 2,
    sandbox,
    rounds: DEMO_ROUNDS,
    onRoundFinished: (_round, summary) => {
      for (const line of summary) context.log(line);
    },
  });
  lines.push(
    outcome.rounds.length === 0
      ? `the run already has ${outcome.alreadyFinished} finished rounds; kaizen loop --rounds ${outcome.alreadyFinished + 1} runs another`
      : `${outcome.rounds.length} rounds of kaizen loop finished (each round's summary is above); kaizen eval --table shows the private benchmark over rounds`,
  );
  const report = await writeReport({ store, runDir: context.runDir });
  const audit = auditFromStore(store);
  const cards = store.skillCards.list();
  const exportsDir = join(context.runDir, "exports");
  lines.push(
    `tasks ${store.tasks.count()}, trajectories ${store.trajectories.count()}, scores ${store.scores.count()}, skill cards ${cards.length} (kaizen tasks stats, kaizen trajectories list, kaizen judge, kaizen learn)`,
    `datasets: every format in ${exportsDir}, each with a README.md dataset card; ${audit.included} of ${audit.total} trajectories included (kaizen curate prints the audit)`,
    `report: file://${report.index}`,
    "your own repository and model: kaizen init --repo PATH, then kaizen loop PATH --rounds 3 --base-url http://127.0.0.1:8000/v1 --model NAME (any OpenAI-compatible server); kaizen demo needs neither",
  );
  const exitCode = suites.every((suite) => suite.passed) ? 0 : 1;
  return {
    exitCode,
    data: { repos, suites, loop: outcome, curation: audit, exports: exportsDir, skillCards: cards.length, report: report.index },
    human: lines,
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
