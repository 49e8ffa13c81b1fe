import type { KaizenConfig } from "../../config/config-schema.js";
import type { ChatClient } from "../../models/chat-client.js";
import { clientFromFlags, namedClient } from "../../models/client-from-flags.js";
import type { Trajectory } from "../../schema/records.js";
import { UserError } from "../../user-error.js";
import type { RolloutJob } from "../run-rollouts.js";
import { daggerBeta, daggerPolicy } from "./dagger-policy.js";
import { modelPolicy } from "./model-policy.js";
import { noisyStudentPolicy } from "./noisy-student-policy.js";
import { oraclePolicy } from "./oracle/oracle-policy.js";
import type { Policy } from "./policy.js";
import { wholeNumber, positiveNumber, fraction } from "../../cli/flag-values.js";

/** The command-line flags that choose a policy, as commander hands them over (all text). */
export interface PolicyFlags {
  /** `model`, `oracle`, `dagger` or `noisy:EPS` (a simulated student on its own). */
  policy?: string | undefined;
  model?: string | undefined;
  baseUrl?: string | undefined;
  apiKeyEnv?: string | undefined;
  /** DAgger's teacher: `oracle` or `model:NAME`. */
  teacher?: string | undefined;
  /** DAgger's student when no model is given: `noisy:EPS`. */
  student?: string | undefined;
  beta?: string | undefined;
  daggerRound?: string | undefined;
  betaDecay?: string | undefined;
  seed?: string | undefined;
}

export type PolicyChoiceKind = "model" | "oracle" | "dagger" | "noisy";

/** A policy chosen from flags, in the shape runRollouts takes. */
export interface PolicyChoice {
  kind: PolicyChoiceKind;
  /** The policy's label, e.g. `oracle`, `model:qwen`, `dagger(simulated-student(ε=0.3),oracle,β=0.5)`. */
  label: string;
  makePolicy: (job: RolloutJob) => Policy;
  describePolicy: (job: RolloutJob) => Trajectory["policy"];
  /** The student's model endpoint, when there is one: its context window is the default budget. */
  client?: ChatClient;
  /** Things to tell the user, such as a simulated student standing in for a model. */
  notes: string[];
}

export interface PolicyFromOptionsOptions {
  config: KaizenConfig;
  flags: PolicyFlags;
}

const POLICY_HINT = "use --policy model, oracle, dagger or noisy:EPS (a simulated student, e.g. noisy:0.3)";

/**
 * Turns `--policy model|oracle|dagger|noisy:EPS --model --base-url --teacher --student --beta …`
 * into the policy factory a rollout needs. Every mistake in the flags is a UserError here, before
 * anything runs.
 */
export function policyFromOptions({ config, flags }: PolicyFromOptionsOptions): PolicyChoice {
  const requested = flags.policy ?? (flags.model || flags.baseUrl ? "model" : "oracle");
  const noisy = /^noisy(?::|$)/.test(requested);
  const kind: PolicyChoiceKind | undefined = noisy ? "noisy" : (["model", "oracle", "dagger"] as const).find((name) => name === requested);
  if (!kind) throw new UserError(`unknown policy "${requested}"`, POLICY_HINT);
  if (noisy && (flags.model || flags.baseUrl)) {
    throw new UserError(`--policy ${requested} is a simulated student; it takes no --model or --base-url`, "use --policy model --model NAME for a real model, or leave out --model");
  }
  const client = kind === "oracle" || kind === "noisy" ? undefined : studentClient(config, flags, kind);
  const teacherSpec = flags.teacher ?? "oracle";
  const teacherClient = kind === "dagger" && teacherSpec.startsWith("model:") ? namedClient(config, teacherSpec.slice("model:".length)) : undefined;
  if (kind === "dagger" && teacherSpec !== "oracle" && !teacherClient) throw new UserError(`unknown teacher "${teacherSpec}"`, "use --teacher oracle or --teacher model:NAME (a model from the config)");
  const epsilon = noisy ? noisyEpsilon(requested, "--policy noisy:EPS") : flags.student ? noisyEpsilon(flags.student, "--student noisy:EPS") : undefined;
  if (kind === "dagger" && !client && epsilon === undefined) {
    throw new UserError("--policy dagger needs a student: --model NAME or --base-url URL, or --student noisy:0.3 for a simulated one", "configure a model under models in kaizen.config.json");
  }
  // β is given, or follows DAgger's schedule over rounds: β₁ = 1, βᵢ = p^(i−1).
  const beta =
    flags.beta !== undefined
      ? fraction("--beta", flags.beta)
      : flags.daggerRound !== undefined
        ? daggerBeta({ round: positiveNumber("--dagger-round", flags.daggerRound), decay: fraction("--beta-decay", flags.betaDecay ?? "0.5") })
        : 0.5;
  const seed = wholeNumber("--seed", flags.seed ?? "0");

  const build = (sample: number, temperature: number | undefined, taskId: string): Policy => {
    const sampleSeed = seed + sample * 1000;
    const teacher = teacherClient ? modelPolicy({ client: teacherClient, actor: "teacher", seed: sampleSeed }) : oraclePolicy();
    if (kind === "oracle") return teacher;
    const student = client
      ? modelPolicy({ client, seed: sampleSeed, ...(temperature === undefined ? {} : { temperature }) })
      : noisyStudentPolicy({ epsilon: epsilon!, seed: sampleSeed });
    return kind === "dagger" ? daggerPolicy({ student, teacher, beta, seed: `${sampleSeed}:${taskId}` }) : student;
  };
  const makePolicy = (job: RolloutJob) => build(job.sample, job.temperature, job.task.id);
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
  const notes = epsilon !== undefined && !client ? [`the student is SIMULATED (the oracle with ε=${epsilon} mistakes), not a model; its trajectories say so`] : [];
  return { kind, label: build(0, undefined, "").label, makePolicy, describePolicy, ...(client ? { client } : {}), notes };
}

function studentClient(config: KaizenConfig, flags: PolicyFlags, kind: PolicyChoiceKind): ChatClient | undefined {
  const client = clientFromFlags(config, flags);
  if (!client && kind === "model") throw new UserError("--policy model needs a model: --model NAME (from the config) or --base-url URL --model NAME", "configure one under models in kaizen.config.json");
  return client;
}

function noisyEpsilon(spec: string, flag: string): number {
  const match = /^noisy(?::(.+))?$/.exec(spec);
  if (!match) throw new UserError(`unknown student "${spec}"`, "use --student noisy:EPS (a simulated student, e.g. noisy:0.3), or --model for a real one");
  return fraction(flag, match[1] ?? "0.3");
}
