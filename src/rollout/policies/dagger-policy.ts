import type { Actor } from "../../schema/records.js";
import { seededRandom } from "../../tasks/inject/seeded-random.js";
import type { Policy } from "./policy.js";

export interface DaggerPolicyOptions {
  student: Policy;
  teacher: Policy;
  /** The probability that the teacher acts on a turn (β). */
  beta: number;
  /** Seeds the per-turn coin, so a rerun mixes the same way. */
  seed: string | number;
  /** Who acts on each turn, overriding β (tests pin a schedule this way). */
  chooseActor?: (turn: number) => "student" | "teacher";
}

/**
 * DAgger with turn-level interpolation: each turn the teacher acts with probability β and the
 * student otherwise, and the teacher labels every visited state — including the ones where the
 * student acted, which are the states a student-only dataset never shows.
 */
export function daggerPolicy({ student, teacher, beta, seed, chooseActor }: DaggerPolicyOptions): Policy {
  const outputSources: Partial<Record<Actor, NonNullable<Policy["outputSources"]>[Actor]>> = {};
  const studentSource = student.outputSources?.student ?? student.outputSources?.scripted;
  const teacherSource = teacher.outputSources?.teacher ?? teacher.outputSources?.student;
  if (studentSource) outputSources.student = studentSource;
  if (teacherSource) outputSources.teacher = teacherSource;
  return {
    kind: "dagger",
    label: `dagger(${student.label},${teacher.label},β=${beta})`,
    ...(student.model ? { model: student.model } : {}),
    outputSources,
    async decide(state, options) {
      const actor = chooseActor ? chooseActor(state.turn) : seededRandom(seed, "dagger", state.turn).next() < beta ? "teacher" : "student";
      const label = await teacher.decide(state, options);
      if (actor === "teacher") return { actor: "teacher", action: label.action, teacherLabel: label.action };
      const own = await student.decide(state, options);
      return { actor: "student", action: own.action, teacherLabel: label.action };
    },
  };
}

/** β for DAgger round i (1-based): β₁ = 1, βᵢ = p^(i−1), so the teacher's share anneals toward zero. */
export function daggerBeta({ round, decay = 0.5 }: { round: number; decay?: number }): number {
  return round <= 1 ? 1 : decay ** (round - 1);
}
