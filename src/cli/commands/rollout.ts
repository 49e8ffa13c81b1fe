import type { KaizenConfig } from "../../config/config-schema.js";
import { loadConfig } from "../../config/load-config.js";
import { chatClientFromConfig, createChatClient, type ChatClient } from "../../models/chat-client.js";
import { parseContextWindow } from "../../rollout/context/context-budget.js";
import { daggerBeta, daggerPolicy } from "../../rollout/policies/dagger-policy.js";
import { modelPolicy } from "../../rollout/policies/model-policy.js";
import { noisyStudentPolicy } from "../../rollout/policies/noisy-student-policy.js";
import { oraclePolicy } from "../../rollout/policies/oracle/oracle-policy.js";
import type { Policy } from "../../rollout/policies/policy.js";
import { runRollouts, type RolloutJob, type RolloutProgress } from "../../rollout/run-rollouts.js";
import { selectTasks } from "../../rollout/select-tasks.js";
import type { RolloutSettings, Trajectory } from "../../schema/records.js";
import { openRunStore, runStoreExists } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import type { CommandHandler, CommonOptions } from "../command-context.js";
import { startProgress } from "../progress.js";

export type RolloutOptions = CommonOptions & {
  policy?: string;
  model?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  teacher?: string;
  student?: string;
  temperatures?: string;
  samples?: string;
  beta?: string;
  daggerRound?: string;
  betaDecay?: string;
  seed?: string;
  contextWindow?: string;
  keepObservations?: string;
  maxSteps?: string;
  maxMinutes?: string;
  tasks?: string;
  jobs?: string;
  sandbox?: boolean;
};

const DEFAULT_CONTEXT_WINDOW = 32_768;

/** `kaizen rollout`: run a policy on tasks in the sandbox and record every step as a trajectory. */
export const rolloutCommand: CommandHandler<RolloutOptions> = async (context, _args, options) => {
  const { config } = loadConfig({ runDir: context.runDir });
  const kind = options.policy ?? (options.model || options.baseUrl ? "model" : "oracle");
  if (!["model", "oracle", "dagger"].includes(kind)) throw new UserError(`unknown policy "${kind}"`, "use --policy model, oracle or dagger");
  const client = kind === "oracle" ? undefined : studentClient(config, options, kind);
  const teacherSpec = options.teacher ?? "oracle";
  const teacherClient = kind === "dagger" && teacherSpec.startsWith("model:") ? namedClient(config, teacherSpec.slice("model:".length)) : undefined;
  if (kind === "dagger" && teacherSpec !== "oracle" && !teacherClient) throw new UserError(`unknown teacher "${teacherSpec}"`, "use --teacher oracle or --teacher model:NAME (a model from the config)");
  const epsilon = options.student ? noisyEpsilon(options.student) : undefined;
  if (kind === "dagger" && !client && epsilon === undefined) {
    throw new UserError("--policy dagger needs a student: --model NAME or --base-url URL, or --student noisy:0.3 for a simulated one", "configure a model under models in kaizen.config.json");
  }
  // β is given, or follows DAgger's schedule over rounds: β₁ = 1, βᵢ = p^(i−1).
  const beta =
    options.beta !== undefined
      ? fraction("--beta", options.beta)
      : options.daggerRound !== undefined
        ? daggerBeta({ round: positive("--dagger-round", options.daggerRound), decay: fraction("--beta-decay", options.betaDecay ?? "0.5") })
        : 0.5;
  const seed = integer("--seed", options.seed ?? "0");
  const temperatures = options.temperatures ? options.temperatures.split(",").map((t) => nonNegative("--temperatures", t.trim())) : [];
  const settings: RolloutSettings = {
    contextWindow: options.contextWindow ? parseContextWindow(options.contextWindow) : (client?.contextWindow ?? DEFAULT_CONTEXT_WINDOW),
    keepObservations: integer("--keep-observations", options.keepObservations ?? "10"),
    maxSteps: positive("--max-steps", options.maxSteps ?? "50"),
    maxWallMs: positive("--max-minutes", options.maxMinutes ?? "30") * 60_000,
    maxObservationChars: 10_000,
  };

  const makePolicy = (job: RolloutJob): Policy => {
    const sampleSeed = seed + job.sample * 1000;
    const teacher = teacherClient ? modelPolicy({ client: teacherClient, actor: "teacher", seed: sampleSeed }) : oraclePolicy();
    if (kind === "oracle") return teacher;
    const student = client
      ? modelPolicy({ client, seed: sampleSeed, ...(job.temperature === undefined ? {} : { temperature: job.temperature }) })
      : noisyStudentPolicy({ epsilon: epsilon!, seed: sampleSeed });
    return kind === "model" ? student : daggerPolicy({ student, teacher, beta, seed: `${sampleSeed}:${job.task.id}` });
  };
  const describePolicy = (job: RolloutJob): Trajectory["policy"] => {
    const policy = makePolicy(job);
    return {
      kind: policy.kind,
      ...(policy.kind === "oracle" ? {} : { model: client ? client.model : `simulated-student(ε=${epsilon})` }),
      ...(job.temperature === undefined ? {} : { temperature: job.temperature }),
      ...(client ? { seed: seed + job.sample * 1000 } : {}),
      ...(kind === "dagger" ? { teacher: teacherSpec, beta } : {}),
      sample: job.sample,
    };
  };

  if (!runStoreExists(context.runDir)) {
    throw new UserError(`no run store in ${context.runDir}, so no tasks to roll out`, "make tasks with kaizen mine REPO or kaizen inject REPO (kaizen demo does both), or pass --run DIR");
  }
  const store = openRunStore({ dir: context.runDir });
  let bar: ReturnType<typeof startProgress> | undefined;
  try {
    const tasks = selectTasks({ store, filter: options.tasks });
    if (tasks.length === 0) throw new UserError("there are no tasks in this run store", "make some with kaizen mine REPO or kaizen inject REPO first (kaizen demo does both)");
    if (epsilon !== undefined && !client) context.log(`the student is SIMULATED (the oracle with ε=${epsilon} mistakes), not a model; its trajectories say so`);
    const summary = await runRollouts({
      runDir: context.runDir,
      config,
      store,
      tasks,
      makePolicy,
      describePolicy,
      samples: positive("--samples", options.samples ?? "1"),
      temperatures,
      settings,
      jobs: positive("--jobs", options.jobs ?? "1"),
      sandbox: options.sandbox === false ? false : config.sandbox.enabled,
      onProgress: (progress) => {
        bar ??= startProgress({ label: "rollouts", total: progress.total });
        bar.update(progress.done, describe(progress));
      },
    });
    bar?.stop();
    const human = [
      `${summary.total} rollouts of ${tasks.length} task${tasks.length === 1 ? "" : "s"} (${summary.alreadyDone} finished before) with ${makePolicy({ task: tasks[0]!, sample: 0 }).label}`,
      ...Object.entries(summary.byExit).map(([reason, n]) => `  ${String(n).padStart(4)}  ${reason}`),
      "kaizen trajectories list shows them; kaizen trajectories show ID prints one step by step",
    ];
    return { exitCode: 0, data: summary, human };
  } finally {
    bar?.stop();
    store.close();
  }
};

function describe(progress: RolloutProgress): string {
  const exits = Object.entries(progress.byExit).map(([reason, n]) => `${n} ${reason}`).join(", ");
  return `${exits || "starting"}, ${progress.running} running`;
}

function studentClient(config: KaizenConfig, options: RolloutOptions, kind: string): ChatClient | undefined {
  if (options.baseUrl) {
    if (!options.model) throw new UserError("--base-url needs --model NAME, the model the server serves", "for example --base-url http://127.0.0.1:8000/v1 --model qwen3-coder");
    const apiKey = options.apiKeyEnv ? process.env[options.apiKeyEnv] : undefined;
    if (options.apiKeyEnv && !apiKey) throw new UserError(`${options.apiKeyEnv} is not set`, `export ${options.apiKeyEnv}=… or leave out --api-key-env`);
    return createChatClient({ baseUrl: options.baseUrl, model: options.model, ...(apiKey ? { apiKey } : {}) });
  }
  if (options.model) return namedClient(config, options.model);
  if (kind === "model") throw new UserError("--policy model needs a model: --model NAME (from the config) or --base-url URL --model NAME", "configure one under models in kaizen.config.json");
  return undefined;
}

function namedClient(config: KaizenConfig, name: string): ChatClient {
  const endpoint = config.models[name];
  if (!endpoint) {
    const known = Object.keys(config.models);
    throw new UserError(`no model named "${name}" in the config's models section`, known.length > 0 ? `use one of: ${known.join(", ")}, or --base-url URL --model NAME` : "add it under models in kaizen.config.json, or pass --base-url URL --model NAME");
  }
  return chatClientFromConfig(endpoint)!;
}

function noisyEpsilon(spec: string): number {
  const match = /^noisy(?::(.+))?$/.exec(spec);
  if (!match) throw new UserError(`unknown student "${spec}"`, "use --student noisy:EPS (a simulated student, e.g. noisy:0.3), or --model for a real one");
  return fraction("--student noisy:EPS", match[1] ?? "0.3");
}

function fraction(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new UserError(`${flag} expects a number from 0 to 1, not "${text}"`, `for example ${flag} 0.5`);
  return value;
}

function nonNegative(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || text === "") throw new UserError(`${flag} expects numbers of 0 or more, not "${text}"`, `for example ${flag} 0.2,0.7,1.0`);
  return value;
}

function integer(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new UserError(`${flag} expects a whole number, not "${text}"`, `for example ${flag} 10`);
  return value;
}

function positive(flag: string, text: string): number {
  const value = integer(flag, text);
  if (value < 1) throw new UserError(`${flag} expects a positive whole number, not "${text}"`, `for example ${flag} 4`);
  return value;
}
