import { formatCurationAudit } from "../../curate/curation-audit.js";
import { curateRun, type CurationPolicy } from "../../curate/curate-run.js";
import { configPolicyFile, policyInForce } from "../../curate/policy-in-force.js";
import { taskCommits } from "../../curate/repository-facts.js";
import type { KaizenConfig } from "../../config/config-schema.js";
import { loadConfig } from "../../config/load-config.js";
import { DEFAULT_PROVENANCE_POLICY, loadProvenancePolicy, provenancePolicyYaml } from "../../provenance/provenance-policy.js";
import { openRunStore, runStoreExists, type RunStore } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import type { CommandContext, CommandHandler, CommonOptions } from "../command-context.js";
import { startProgress } from "../progress.js";

export type CurateOptions = CommonOptions & {
  policy?: string;
  printPolicy?: boolean;
  opaque?: string;
  gray?: string;
  evalShare?: string;
  maxTokens?: string;
  seed?: string;
};

/** `kaizen curate`: decide, under the provenance policy, which trajectories every export may use, and audit it. */
export const curateCommand: CommandHandler<CurateOptions> = async (context, _args, options) => {
  const { config, file: configFile } = loadConfig({ runDir: context.runDir });
  const policyFile = options.policy ?? configPolicyFile(config, configFile);
  if (options.printPolicy) {
    const policy = policyFile ? loadProvenancePolicy({ file: policyFile }) : DEFAULT_PROVENANCE_POLICY;
    return { exitCode: 0, data: policy, human: [provenancePolicyYaml(policy)] };
  }
  if (!runStoreExists(context.runDir)) throw new UserError(`no run store in ${context.runDir}, so nothing to curate`, "roll out and judge first (kaizen demo does everything), or pass --run DIR");
  const store = openRunStore({ dir: context.runDir });
  try {
    const settings = curationSettings(config, options);
    const { audit, policyLabel, problems } = await curate({ context, store, settings, policyFile });
    return {
      exitCode: 0,
      data: { audit, policy: policyLabel, settings, problems },
      human: [
        `provenance policy: ${policyLabel}`,
        ...problems.map((problem) => `warning: ${problem}`),
        formatCurationAudit(audit!),
        "kaizen export --format all --out DIR writes every dataset from these decisions",
      ],
    };
  } finally {
    store.close();
  }
};

/** Curates the whole store; the export command calls this too when trajectories are not curated yet. */
export async function curate(options: { context: CommandContext; store: RunStore; settings: CurationPolicy; policyFile: string | undefined; skip?: boolean }) {
  const { context, store, settings, policyFile } = options;
  const inForce = await policyInForce({ runDir: context.runDir, tasks: taskCommits(store), file: policyFile });
  if (options.skip) return { audit: undefined, policyLabel: inForce.label, problems: inForce.problems, inForce };
  let bar: ReturnType<typeof startProgress> | undefined;
  const audit = await curateRun({
    store,
    provenanceOf: inForce.provenanceOf,
    options: settings,
    onProgress: ({ done, total }) => {
      bar ??= startProgress({ label: "curating", total });
      bar.update(done);
    },
  });
  bar?.stop();
  return { audit, policyLabel: inForce.label, problems: inForce.problems, inForce };
}

/** The config's `curate` settings with the command line's overrides, checked. */
export function curationSettings(config: KaizenConfig, options: Pick<CurateOptions, "opaque" | "gray" | "evalShare" | "maxTokens" | "seed">): CurationPolicy {
  const settings: CurationPolicy = { ...config.curate, seed: 0 };
  if (options.opaque !== undefined) settings.opaque = oneOf("--opaque", options.opaque, ["exclude", "mask"] as const);
  if (options.gray !== undefined) settings.gray = oneOf("--gray", options.gray, ["keep", "mask", "exclude"] as const);
  if (options.evalShare !== undefined) {
    const share = Number(options.evalShare);
    if (!(share >= 0 && share <= 1)) throw new UserError(`--eval-share expects a number from 0 to 1, not "${options.evalShare}"`, "for example --eval-share 0.1");
    settings.evalShare = share;
  }
  if (options.maxTokens !== undefined) {
    const tokens = Number(options.maxTokens.replace(/k$/i, "000"));
    if (!Number.isInteger(tokens) || tokens < 1) throw new UserError(`--max-tokens expects a whole number of tokens, not "${options.maxTokens}"`, "for example --max-tokens 32000 or 32k");
    settings.maxTokens = tokens;
  }
  if (options.seed !== undefined) {
    const seed = Number(options.seed);
    if (!Number.isInteger(seed)) throw new UserError(`--seed expects a whole number, not "${options.seed}"`, "for example --seed 1");
    settings.seed = seed;
  }
  return settings;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`${flag} expects one of ${allowed.join(", ")}, not "${value}"`, `for example ${flag} ${allowed[0]}`);
}
