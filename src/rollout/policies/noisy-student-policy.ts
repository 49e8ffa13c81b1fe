import { readFileSync } from "node:fs";
import { join } from "node:path";
import { git } from "../../repo/git.js";
import { languageOfPath } from "../../repo/languages.js";
import { isTestPath } from "../../tasks/is-test-path.js";
import { seededRandom } from "../../tasks/inject/seeded-random.js";
import { oraclePolicy } from "./oracle/oracle-policy.js";
import type { Policy, PolicyAction, PolicyState } from "./policy.js";
import { toAction } from "./scripted-policy.js";

export interface NoisyStudentOptions {
  /** The chance that a turn is a mistake instead of the expert's action. */
  epsilon: number;
  seed: string | number;
}

/**
 * A simulated student for when no model is configured: it does what the oracle would, except that
 * with probability ε a turn is a typical mistake — an edit to an unrelated file, a needless read,
 * the previous call repeated, or giving up early. Its steps are `scripted`; its label says
 * simulation, so nobody mistakes its data for a model's.
 */
export function noisyStudentPolicy({ epsilon, seed }: NoisyStudentOptions): Policy {
  const expert = oraclePolicy({ actor: "student" });
  return {
    kind: "scripted",
    label: `simulated-student(ε=${epsilon})`,
    async decide(state, options) {
      const random = seededRandom(seed, "noisy-student", state.task.id, state.turn);
      if (state.turn > 0 && random.next() < epsilon) {
        const mistake = await makeMistake(state, random.next());
        if (mistake) return { actor: "scripted", action: mistake };
      }
      const { action } = await expert.decide(state, options);
      return { actor: "scripted", action };
    },
  };
}

async function makeMistake(state: PolicyState, roll: number): Promise<PolicyAction | undefined> {
  const files = (await git({ cwd: state.workspace, args: ["ls-files", "-z"] })).split("\0").filter((path) => path && languageOfPath(path) && !isTestPath(path));
  const goldFiles = new Set([...state.task.goldPatch.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((match) => match[1]));
  const elsewhere = files.filter((path) => !goldFiles.has(path));
  const pick = elsewhere[Math.floor(roll * 997) % Math.max(1, elsewhere.length)];
  const last = state.steps.at(-1)?.toolCalls[0];
  if (roll < 0.4 && pick) {
    const text = readFileSync(join(state.workspace, pick), "utf8");
    const lines = text.split("\n");
    const unique = (line: string) => text.split(`${line}\n`).length === 2;
    const at = lines.findIndex((line, i) => i >= lines.length / 3 && i < lines.length - 1 && line.trim().length > 0 && unique(line));
    if (at >= 0) {
      const marker = pick.endsWith(".py") ? "# is this the cause?" : "// is this the cause?";
      return toAction(
        {
          reasoning: `Maybe the problem is in \`${pick}\`; marking the spot to come back to.`,
          calls: [{ name: "edit", arguments: { path: pick, old_string: `${lines[at]}\n`, new_string: `${lines[at]}\n${marker}\n` } }],
        },
        state.turn,
      );
    }
  }
  if (roll < 0.7 && pick) return toAction({ reasoning: `Reading \`${pick}\` in case it matters.`, calls: [{ name: "read_file", arguments: { path: pick } }] }, state.turn);
  if (roll < 0.95 && last) return toAction({ reasoning: "Trying that again.", calls: [{ name: last.name, arguments: last.arguments }] }, state.turn);
  return toAction({ reasoning: "I think this is as far as I can get.", calls: [{ name: "submit", arguments: { summary: "Could not find the cause." } }] }, state.turn);
}
