import type { KaizenConfig } from "../../config/config-schema.js";
import { loadConfig } from "../../config/load-config.js";
import { formatLongitudinalTable, longitudinalTable } from "../../benchmark/longitudinal-table.js";
import { latestRound } from "../../loop/round-ledger.js";
import { runLoop } from "../../loop/run-loop.js";
import type { LoopContext } from "../../loop/round-stages.js";
import { studentName, type LoopStudent } from "../../loop/loop-policies.js";
import { clientFromFlags, namedClient } from "../../models/client-from-flags.js";
import { localRepoName, openLocalRepository } from "../../repo/local-repository.js";
import { writeReport } from "../../report/write-report.js";
import { parseContextWindow } from "../../rollout/context/context-budget.js";
import { openRunStore, type RunStore } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import type { CommandHandler, CommonOptions } from "../command-context.js";
import { wholeNumber, positiveNumber, fraction } from "../flag-values.js";

export type LoopOptions = CommonOptions & {
  rounds?: string;
  policy?: string;
  model?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  samples?: string;
  mineLimit?: string;
  inject?: string;
  impossible?: string;
  benchmarkShare?: string;
  targets?: string;
  want?: string;
  sharpenModel?: string;
  contextWindow?: string;
  maxSteps?: string;
  jobs?: string;
  sandbox?: boolean;
  report?: boolean;
};

/** The simulated student's mistake rate when no model is given. */
const DEFAULT_EPSILON = 0.3;

/** `kaizen loop [repo…]`: self-improvement rounds end to end, resumable; a summary per round, then the report. */
export const loopCommand: CommandHandler<LoopOptions> = async (context, args, options) => {
  const { config, file: configFile } = loadConfig({ runDir: context.runDir });
  const rounds = positiveNumber("--rounds", options.rounds ?? "1");
  const student = chooseStudent(config, options);
  const sharpen = options.sharpenModel ? namedClient(config, options.sharpenModel) : student.kind === "model" ? student.client : undefined;
  const store = openRunStore({ dir: context.runDir });
  try {
    const repos = await loopRepos(store, args);
    if (student.kind === "simulated") context.log(`no model given: the student is SIMULATED (the oracle with ε=${student.epsilon} mistakes), and everything it produces says so; --model NAME or --base-url URL --model NAME runs a real one`);
    const loop: LoopContext = {
      context,
      config,
      configFile,
      store,
      repos,
      student,
      samples: positiveNumber("--samples", options.samples ?? "2"),
      mineLimit: positiveNumber("--mine-limit", options.mineLimit ?? "100"),
      injectCount: wholeNumber("--inject", options.inject ?? "6"),
      impossible: wholeNumber("--impossible", options.impossible ?? "2"),
      benchmarkShare: fraction("--benchmark-share", options.benchmarkShare ?? "0.2", { example: "0.2" }),
      maxTargets: positiveNumber("--targets", options.targets ?? "3"),
      wantPerTarget: positiveNumber("--want", options.want ?? "3"),
      settings: {
        contextWindow: options.contextWindow ? parseContextWindow(options.contextWindow) : (student.kind === "model" ? student.client.contextWindow : undefined) ?? 32_768,
        keepObservations: 10,
        maxSteps: positiveNumber("--max-steps", options.maxSteps ?? "40"),
        maxWallMs: 600_000,
        maxObservationChars: 10_000,
      },
      jobs: positiveNumber("--jobs", options.jobs ?? "2"),
      sandbox: options.sandbox === false ? false : config.sandbox.enabled,
      sharpen,
    };
    const outcome = await runLoop({
      ...loop,
      rounds,
      onRoundFinished: (_round, lines) => {
        for (const line of lines) context.log(line);
      },
    });
    const human =
      outcome.rounds.length === 0
        ? [`${outcome.alreadyFinished} rounds are finished already; --rounds ${outcome.alreadyFinished + 1} runs one more`]
        : [`${outcome.rounds.length} round${outcome.rounds.length === 1 ? "" : "s"} finished${outcome.resumed ? " (a killed round resumed)" : ""}; each round's summary is above`];
    human.push("private benchmark over rounds:", ...formatLongitudinalTable(longitudinalTable(store)));
    const report = options.report === false ? undefined : await writeReport({ store, runDir: context.runDir });
    if (report) human.push(`report: file://${report.index}`);
    human.push(`student: ${studentName(student)}; kaizen review lists patches awaiting sign-off; kaizen eval --table shows the benchmark over rounds`);
    return { exitCode: 0, data: { ...outcome, report: report?.index }, human };
  } finally {
    store.close();
  }
};

/** The repositories named on the command line, or those of the round a killed loop left behind. */
async function loopRepos(store: RunStore, args: string[]): Promise<LoopContext["repos"]> {
  const paths = args.length > 0 ? args : (latestRound(store)?.repos ?? []);
  if (paths.length === 0) throw new UserError("kaizen loop needs a repository: kaizen loop PATH [PATH…]", "a local git clone with tests; kaizen demo runs the loop on built-in examples");
  const repos = [];
  for (const path of paths) {
    const repository = await openLocalRepository(path);
    const name = localRepoName(repository.path);
    if (!store.repos.get(name)) store.repos.save({ name, source: repository.path, addedAt: new Date().toISOString() });
    repos.push({ path: repository.path, name });
  }
  return repos;
}

function chooseStudent(config: KaizenConfig, options: LoopOptions): LoopStudent {
  const client = clientFromFlags(config, options);
  if (client) return { kind: "model", client };
  const spec = options.policy ?? `noisy:${DEFAULT_EPSILON}`;
  const model = /^model:(.+)$/.exec(spec);
  if (model) return { kind: "model", client: namedClient(config, model[1]!) };
  const noisy = /^noisy(?::(.+))?$/.exec(spec);
  if (!noisy) throw new UserError(`unknown student policy "${spec}"`, "use --policy model:NAME (a model from the config), --base-url URL --model NAME, or --policy noisy:EPS for a simulated student");
  return { kind: "simulated", epsilon: fraction("--policy noisy:EPS", noisy[1] ?? String(DEFAULT_EPSILON)) };
}
