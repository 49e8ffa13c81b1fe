import type { ChatClient } from "../models/chat-client.js";
import { daggerBeta, daggerPolicy } from "../rollout/policies/dagger-policy.js";
import { modelPolicy } from "../rollout/policies/model-policy.js";
import { noisyStudentPolicy } from "../rollout/policies/noisy-student-policy.js";
import { oraclePolicy } from "../rollout/policies/oracle/oracle-policy.js";
import type { Policy } from "../rollout/policies/policy.js";
import type { RolloutJob } from "../rollout/run-rollouts.js";
import type { Trajectory } from "../schema/records.js";

/** The policy a loop is improving: a served model, or (with no model) the simulated noisy student. */
export type LoopStudent = { kind: "model"; client: ChatClient } | { kind: "simulated"; epsilon: number };

/** What runRollouts needs to run one policy and record it. */
export interface RolloutPolicy {
  label: string;
  makePolicy: (job: RolloutJob) => Policy;
  describePolicy: (job: RolloutJob) => Trajectory["policy"];
}

/** The oracle teacher: knows the gold patch, needs no model, and writes the positives. */
export function teacherRollouts(): RolloutPolicy {
  return { label: "oracle", makePolicy: () => oraclePolicy(), describePolicy: (job) => ({ kind: "oracle", sample: job.sample }) };
}

/** The student alone, K samples per task with different seeds: GRPO groups and preference pairs. */
export function studentRollouts(student: LoopStudent, seedOffset = 0): RolloutPolicy {
  const seedOf = (job: RolloutJob) => seedOffset + job.sample * 1000;
  const make = (job: RolloutJob) => studentPolicy(student, seedOf(job));
  return {
    label: make({ task: undefined as never, sample: 0 }).label,
    makePolicy: make,
    describePolicy: (job) => ({ kind: student.kind === "model" ? "model" : "scripted", model: studentName(student), seed: seedOf(job), sample: job.sample }),
  };
}

/**
 * DAgger in round i: the teacher acts with probability β = 0.5^i and labels every state, so later
 * rounds let the student drive more while the teacher still says what it should have done.
 */
export function daggerRollouts(student: LoopStudent, roundIndex: number): RolloutPolicy {
  const beta = daggerBeta({ round: roundIndex + 1, decay: 0.5 });
  const make = (job: RolloutJob) => daggerPolicy({ student: studentPolicy(student, job.sample), teacher: oraclePolicy(), beta, seed: `${roundIndex}:${job.sample}:${job.task.id}` });
  return {
    label: `dagger(${studentName(student)},oracle,β=${beta})`,
    makePolicy: make,
    describePolicy: (job) => ({ kind: "dagger", model: studentName(student), teacher: "oracle", beta, sample: job.sample }),
  };
}

export function studentName(student: LoopStudent): string {
  return student.kind === "model" ? student.client.model : `simulated-student(ε=${student.epsilon})`;
}

function studentPolicy(student: LoopStudent, seed: number): Policy {
  return student.kind === "model" ? modelPolicy({ client: student.client, seed }) : noisyStudentPolicy({ epsilon: student.epsilon, seed });
}
