import { dirname, isAbsolute, resolve } from "node:path";
import { DEFAULT_PROVENANCE_POLICY, loadProvenancePolicy, type ProvenancePolicy } from "../provenance/provenance-policy.js";
import { taskProvenance, trajectoryProvenance } from "../provenance/trajectory-provenance.js";
import type { ProvenanceTier, Task } from "../schema/records.js";
import type { ProvenanceOfTrajectory } from "./curate-run.js";
import { loadRepositoryFacts, type TaskCommits } from "./repository-facts.js";

export interface PolicyInForce {
  policy: ProvenancePolicy;
  /** Where the policy came from, for the output and the dataset card. */
  label: string;
  provenanceOf: ProvenanceOfTrajectory;
  taskTier: (task: Task) => { tier: ProvenanceTier; rules: string[] };
  /** Facts that could not be read (a missing mirror, unreadable markers), said to the user. */
  problems: string[];
}

/**
 * The provenance policy a run curates and exports under, with the opt-out markers and licences
 * of every repository it names read from the run's mirrors: the named file (`--policy`, or
 * the config's `provenance.policy` through configPolicyFile), else the built-in default.
 * `tasks` need only name their repository and commits: `taskCommits(store)` reads just those.
 */
export async function policyInForce(options: { runDir: string; tasks: Iterable<TaskCommits>; file?: string | undefined }): Promise<PolicyInForce> {
  const file = options.file ? resolve(options.file) : undefined;
  const policy = file ? loadProvenancePolicy({ file }) : DEFAULT_PROVENANCE_POLICY;
  const facts = await loadRepositoryFacts({ runDir: options.runDir, tasks: options.tasks, policy });
  const common = { policy, optOutFor: facts.optOutFor, licenseFor: facts.licenseFor };
  return {
    policy,
    label: file ?? "the built-in default policy (kaizen curate --print-policy shows it)",
    provenanceOf: (task, trajectory) => trajectoryProvenance({ ...common, task, trajectory }),
    taskTier: (task) => {
      const verdict = taskProvenance({ ...common, task });
      return { tier: verdict.tier, rules: verdict.summary.rules };
    },
    problems: facts.problems,
  };
}

/** The config's `provenance.policy`, resolved against the config file's directory. */
export function configPolicyFile(config: { provenance: { policy?: string | undefined } }, configFile: string | undefined): string | undefined {
  const named = config.provenance.policy;
  if (!named) return undefined;
  return isAbsolute(named) || !configFile ? resolve(named) : resolve(dirname(configFile), named);
}
