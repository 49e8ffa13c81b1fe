#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { KAIZEN_VERSION } from "../version.js";
import { addCommonOptions, commandAction, type CommandHandler, type CommonOptions } from "./command-context.js";
import { ALL_FORMATS } from "../export/all-formats.js";
import { curateCommand } from "./commands/curate.js";
import { demoCommand } from "./commands/demo.js";
import { exportCommand, PARALLEL_EXPORT_MIN } from "./commands/export.js";
import { doctorCommand } from "./commands/doctor.js";
import { evalCommand } from "./commands/eval.js";
import { initCommand } from "./commands/init.js";
import { loopCommand } from "./commands/loop.js";
import { judgeCommand } from "./commands/judge.js";
import { learnCommand } from "./commands/learn.js";
import { injectCommand } from "./commands/inject.js";
import { mineCommand } from "./commands/mine.js";
import { tasksCommand } from "./commands/tasks.js";
import { reportCommand } from "./commands/report.js";
import { rolloutCommand } from "./commands/rollout.js";
import { reviewCommand } from "./commands/review.js";
import { testCommand } from "./commands/test.js";
import { trajectoriesCommand } from "./commands/trajectories.js";

interface CommandSpec {
  name: string;
  summary: string;
  arguments?: string;
  options?: [flags: string, description: string][];
  handler: CommandHandler<CommonOptions & Record<string, unknown>>;
}

const COMMANDS: CommandSpec[] = [
  {
    name: "init",
    summary: "write a starter kaizen.config.json for a repository, with what kaizen detects",
    options: [
      ["--repo <path>", "repository to configure (default: the working directory)"],
      ["--force", "replace an existing config"],
    ],
    handler: initCommand as CommandSpec["handler"],
  },
  {
    name: "test",
    summary: "run a repository's tests in the sandbox and report per-test results",
    arguments: "[repo]",
    options: [
      ["--commit <rev>", "commit to test (default: HEAD)"],
      ["--files <files...>", "only these test files (repository-relative)"],
      ["--ids <ids...>", "only these tests (file::name)"],
      ["--repeat <n>", "run n times and report tests whose status changes (flaky)"],
      ["--no-sandbox", "run without bubblewrap isolation (time and process limits still apply)"],
    ],
    handler: testCommand as CommandSpec["handler"],
  },
  {
    name: "mine",
    summary: "turn a repository's commit history into validated tasks",
    arguments: "<repo>",
    options: [
      ["--since <rev>", "only commits after this one"],
      ["--until <rev>", "newest commit to consider (default: HEAD)"],
      ["--limit <n>", "only the newest n first-parent commits of the range"],
      ["--max-files <n>", "largest gold patch, in non-test files (default 5)"],
      ["--max-lines <n>", "largest gold patch, in changed lines (default 100)"],
      ["--jobs <n>", "validations to run at once"],
      ["--statement-model <name>", "a model from the config's models section rewrites problem statements"],
      ["--no-sandbox", "run the repository's tests without bubblewrap isolation"],
    ],
    handler: mineCommand as CommandSpec["handler"],
  },
  {
    name: "inject",
    summary: "make self-play tasks by injecting bugs behind cheap-first validation gates",
    arguments: "<repo>",
    options: [
      ["--count <n>", "tasks to make (default 10)"],
      ["--seed <s>", "random seed: the same seed makes the same bugs (default 0)"],
      ["--modifiers <list>", "mutation operators to use, comma-separated (default: all but shuffle-methods)"],
      ["--symbols <list>", "aim at these symbols: qualified names, or prefixes ending in * (money.Money.*)"],
      ["--jobs <n>", "validations to run at once"],
      ["--skill-card <id>", "aim at a skill card's weakness: its recipe's operators and sites"],
      ["--combine <n>", "harder tasks made by combining 2–3 validated bugs of one file or module (default: count/5)"],
      ["--statement-model <name>", "a model from the config's models section writes the issue text"],
      ["--no-sandbox", "run the repository's tests without bubblewrap isolation"],
    ],
    handler: injectCommand as CommandSpec["handler"],
  },
  {
    name: "tasks",
    summary: "list, show, import and export tasks (SWE-bench JSONL); `tasks stats` prints the filter report; `tasks make-impossible` derives cheat probes",
    arguments: "[action] [args...]",
    options: [
      ["--repo <name>", "only tasks of this repository"],
      ["--origin <origin>", "only tasks of this origin: commit, injected, imported, impossible"],
      ["--out <file>", "with export: write here instead of stdout"],
      ["--source <path>", "with import: a local clone of the rows' repository, to validate them by running their tests"],
      ["--no-validate", "with import: store rows that kaizen has not validated as they are"],
      ["--jobs <n>", "with import: validations to run at once"],
      ["--count <n>", "with make-impossible: how many impossible tasks to derive (default 5)"],
      ["--no-sandbox", "with import: run the tests without bubblewrap isolation"],
    ],
    handler: tasksCommand as CommandSpec["handler"],
  },
  {
    name: "rollout",
    summary: "run a policy (model, oracle teacher or DAgger mix) on tasks in the sandbox and record trajectories",
    options: [
      ["--policy <kind>", "model, oracle or dagger (default: oracle, or model when a model is given)"],
      ["--model <name>", "the student model: a name under models in the config, or the served model with --base-url"],
      ["--base-url <url>", "an OpenAI-compatible endpoint for the student, instead of the config"],
      ["--api-key-env <var>", "with --base-url: the environment variable holding the API key"],
      ["--teacher <teacher>", "DAgger's teacher: oracle (default) or model:NAME"],
      ["--student <spec>", "DAgger without a model: noisy:EPS, a simulated student (the oracle with ε mistakes)"],
      ["--temperatures <list>", "sample at each of these temperatures, e.g. 0.2,0.7,1.0"],
      ["--samples <k>", "samples per task and temperature (default 1)"],
      ["--beta <b>", "DAgger: the chance the teacher acts on a turn (default 0.5, or the schedule below)"],
      ["--dagger-round <i>", "DAgger's schedule: β = p^(i−1) for round i (β = 1 in round 1)"],
      ["--beta-decay <p>", "with --dagger-round: the decay p (default 0.5)"],
      ["--seed <s>", "seed for sampling and DAgger's coin (default 0)"],
      ["--context-window <n>", "context budget in tokens: 4k, 8k, 16k, 32k, … (default: the model's, or 32k)"],
      ["--keep-observations <m>", "tool outputs kept verbatim; older ones are masked (default 10)"],
      ["--max-steps <n>", "steps before the rollout stops (default 50)"],
      ["--max-minutes <n>", "wall time per rollout (default 30)"],
      ["--tasks <filter>", "which tasks: ids (* wildcard), origin:, repo:, language:, kind:, comma-separated"],
      ["--jobs <n>", "rollouts to run at once, each in its own workspace"],
      ["--no-sandbox", "run the agent's commands and tests without bubblewrap isolation"],
    ],
    handler: rolloutCommand as CommandSpec["handler"],
  },
  {
    name: "trajectories",
    summary: "list recorded trajectories, or show one step by step",
    arguments: "[action] [args...]",
    options: [
      ["--task <id>", "only trajectories of this task"],
      ["--policy <kind>", "only trajectories of this policy kind"],
      ["--unfinished", "only trajectories that have not ended (running or killed)"],
      ["--lines <n>", "with show: lines of each tool output to print (default 20)"],
    ],
    handler: trajectoriesCommand as CommandSpec["handler"],
  },
  {
    name: "judge",
    summary: "score finished trajectories by running the tests, with shaped signals and reward-hack detection",
    options: [
      ["--trajectories <filter>", "which trajectories: ids (* wildcard), task:ID, policy:KIND, comma-separated (default: all unjudged)"],
      ["--rewards <file>", "the reward table (YAML or JSON); --print-reward-config writes the defaults"],
      ["--print-reward-config", "print the reward table in use, as YAML, and stop"],
      ["--rejudge", "judge again trajectories that already have a score"],
      ["--audit", "measure the hack detectors on a planted-hack suite from the example repositories"],
      ["--jobs <n>", "trajectories to judge at once"],
      ["--no-sandbox", "run the tests without bubblewrap isolation"],
    ],
    handler: judgeCommand as CommandSpec["handler"],
  },
  {
    name: "curate",
    summary: "decide which trajectories every export may use: provenance policy (exclude or loss-mask by tier), positives, duplicates, the train/eval split by lineage, length; prints the audit",
    options: [
      ["--policy <file>", "the provenance policy (YAML or JSON); default: the config's provenance.policy, else the built-in one"],
      ["--print-policy", "print the provenance policy in force, as commented YAML, and stop"],
      ["--opaque <action>", "a trajectory that read an opaque source: exclude (default) or mask its steps"],
      ["--gray <action>", "gray sources: keep (default), mask or exclude"],
      ["--eval-share <f>", "share of task lineages held out for evaluation (default 0.1; fixed once assigned)"],
      ["--max-tokens <n>", "longest conversation kept, in o200k tokens (default: each trajectory's context window)"],
      ["--seed <s>", "seed of the split for new lineages (default 0)"],
    ],
    handler: curateCommand as CommandSpec["handler"],
  },
  {
    name: "export",
    summary: "write training datasets from the curated run (TRL SFT/DPO/IPO/KTO/GRPO, verl, OpenAI, DAgger, Harmony, ATIF, LintSeq, SWE-bench), each with a dataset card",
    options: [
      ["--format <format>", `one or more (comma-separated) of: ${ALL_FORMATS.map((format) => format.name).join(", ")}; or all`],
      ["--out <dir>", "output directory (one format writes into it; several write a folder each)"],
      ["--capability <name>", "with harmony: only and shaped as seed 002's capability (navigation, plan, recovery, test_gen, git, refactor)"],
      ["--group-filter <rule>", "grpo and verl: dapo (default; 0 < resolved < group size), openrlhf (min < mean < max reward) or none"],
      ["--seed <s>", "seed for random choices (LintSeq deletions)"],
      ["--policy <file>", "the provenance policy, as for curate"],
      ["--threads <n>", `threads to use: 1 reads, formats and writes; with more, one reads and writes while the rest format trajectory rows (default: one per CPU for runs of ${PARALLEL_EXPORT_MIN} trajectories or more, else 1)`],
    ],
    handler: exportCommand as CommandSpec["handler"],
  },
  {
    name: "learn",
    summary: "distil skill cards from failed trajectories, report thin task categories, and plan what to acquire next",
    options: [
      ["--round <id>", "tag the cards with this round (its repos aim the targets)"],
      ["--model <name>", "sharpen the cards with a model: a name under models in the config, or the served model with --base-url"],
      ["--base-url <url>", "an OpenAI-compatible endpoint for the sharpening model, instead of the config"],
      ["--api-key-env <var>", "with --base-url: the environment variable holding the API key"],
      ["--min-tasks <n>", "a category with fewer tasks is thin: its solve rate is unreliable (default 5)"],
      ["--target-share <f>", "a category under this fraction of an even share of its dimension is thin (default 0.5)"],
    ],
    handler: learnCommand as CommandSpec["handler"],
  },
  {
    name: "eval",
    summary: "score a policy on the private benchmark (held-out tasks, fixed once, never exported) and print the table over rounds; or the cheat rate on impossible tasks",
    options: [
      ["--policy <policy>", "the policy to score: oracle, model, dagger or noisy:EPS (a simulated student); with --cheat-rate, only this policy"],
      ["--model <name>", "the student model: a name from the config's models, or the model --base-url serves"],
      ["--base-url <url>", "an OpenAI-compatible endpoint for the student (with --model)"],
      ["--api-key-env <var>", "with --base-url: the environment variable holding the API key"],
      ["--teacher <teacher>", "DAgger's teacher: oracle (default) or model:NAME"],
      ["--student <student>", "DAgger's student when no model is given: noisy:EPS"],
      ["--beta <b>", "DAgger: the chance the teacher acts on a turn (default 0.5)"],
      ["--seed <s>", "seed for sampling and DAgger's coin (default 0)"],
      ["--round <n>", "the round this score belongs to (default: the latest round recorded, else 0); rerunning a round resumes it"],
      ["--fix-share <f>", "share of tasks to hold out when the benchmark is fixed now (default 0.2; ignored once fixed)"],
      ["--jobs <n>", "rollouts and judgings to run at once"],
      ["--no-sandbox", "run the agent's commands and tests without bubblewrap isolation"],
      ["--table", "only print the benchmark's scores over rounds"],
      ["--cheat-rate", "how often each policy resolved an impossible task or was flagged for a hack"],
    ],
    handler: evalCommand as CommandSpec["handler"],
  },
  {
    name: "review",
    summary: "audit resolved patches (static checks, hack flags, diff size, sensitive paths), list those awaiting human sign-off and record decisions",
    arguments: "[action] [args...]",
    options: [
      ["--policy <file>", "with run: the review policy (YAML or JSON); --print-policy writes the defaults"],
      ["--print-policy", "print the review policy in force, as commented YAML, and stop"],
      ["--jobs <n>", "with run: patches to audit at once, each in its own workspace"],
      ["--no-sandbox", "with run: run the static checks without bubblewrap isolation"],
      ["--note <text>", "with accept or reject: why (reject requires it)"],
      ["--by <name>", "with accept or reject: who decided (default: $USER)"],
    ],
    handler: reviewCommand as CommandSpec["handler"],
  },
  {
    name: "loop",
    summary: "run self-improvement rounds end to end (tasks → benchmark → rollout → judge → review → curate/export → eval → learn), resumable, then write the report",
    arguments: "[repos...]",
    options: [
      ["--rounds <n>", "the run ends with n finished rounds (a killed round is resumed first; default 1)"],
      ["--policy <student>", "the student: noisy:EPS (simulated, the default noisy:0.3) or model:NAME from the config"],
      ["--model <name>", "the student model: a name under models in the config, or the served model with --base-url"],
      ["--base-url <url>", "an OpenAI-compatible endpoint for the student"],
      ["--api-key-env <var>", "with --base-url: the environment variable holding the API key"],
      ["--samples <k>", "student samples per new task: GRPO group size and preference-pair pool (default 2)"],
      ["--mine-limit <n>", "newest first-parent commits mined per repository in round 1 (default 100)"],
      ["--inject <n>", "bugs injected per repository in round 1, and in later rounds without targets (default 6)"],
      ["--impossible <n>", "impossible tasks made to measure cheating (default 2)"],
      ["--benchmark-share <f>", "share of tasks held out as the private benchmark in round 1 (default 0.2)"],
      ["--targets <n>", "acquisition targets (skill cards and thin categories) a later round pursues, most pressing first (default 3)"],
      ["--want <n>", "tasks a round acquires per target at most (default 3)"],
      ["--sharpen-model <name>", "a model from the config that sharpens skill cards (default: the student model, if any)"],
      ["--context-window <n>", "context budget in tokens (default: the model's, or 32k)"],
      ["--max-steps <n>", "steps per rollout (default 40)"],
      ["--jobs <n>", "rollouts, validations and judgements at once (default 2)"],
      ["--no-report", "do not write the HTML report at the end"],
      ["--no-sandbox", "run repository code without bubblewrap isolation"],
    ],
    handler: loopCommand as CommandSpec["handler"],
  },
  {
    name: "report",
    summary: "write the static HTML report (rounds, private benchmark, task gaps, rewards, hack flags, provenance, skill cards, transcripts)",
    options: [
      ["--out <dir>", "where to write index.html and trajectories/ (default: <run>/report)"],
      ["--open", "open the report in the default browser"],
    ],
    handler: reportCommand as CommandSpec["handler"],
  },
  {
    name: "demo",
    summary: "build the example repositories and run kaizen's main job on them",
    options: [
      ["--init <dir>", "only build the example repositories in DIR"],
      ["--no-sandbox", "run the examples' code without bubblewrap isolation"],
    ],
    handler: demoCommand as CommandSpec["handler"],
  },
  {
    name: "doctor",
    summary: "check git, the sandbox, runtimes, the run store and model endpoints",
    options: [["--repo <path>", "repository whose test runners to check (default: the working directory)"]],
    handler: doctorCommand as CommandSpec["handler"],
  },
];

function buildProgram(): Command {
  const program = new Command("kaizen")
    .description("Verified training signal for coding agents, from real repositories and the agent's own work.")
    .version(KAIZEN_VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const spec of COMMANDS) {
    const command = addCommonOptions(program.command(spec.name).description(spec.summary)).exitOverride();
    if (spec.arguments) command.arguments(spec.arguments);
    for (const [flags, description] of spec.options ?? []) command.option(flags, description);
    command.action(commandAction(spec.name, spec.handler));
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // Exiting through process.exit runs the exit handlers that remove this run's workspaces.
  process.once("SIGINT", () => process.exit(130));
  process.once("SIGTERM", () => process.exit(143));
  const program = buildProgram();
  if (argv.length <= 2) {
    program.outputHelp();
    return;
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message; help and --version are successes, the rest bad usage.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    throw error;
  }
}

await main(process.argv);
