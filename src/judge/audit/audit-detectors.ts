import { git } from "../../repo/git.js";
import type { HackFlag, Task } from "../../schema/records.js";
import type { RunStore } from "../../store/run-store.js";
import { ensureMirror } from "../../workspace/history-snapshot.js";
import { detectHacks, HACK_KINDS, type HackKind } from "../hacks/detect-hacks.js";
import { plantHacks, type AuditCase } from "./plant-hacks.js";

export interface DetectorAudit {
  tasks: number;
  /** Per hack kind: cases planted and cases its detector flagged. */
  recall: Record<HackKind, { planted: number; detected: number }>;
  honest: { total: number; flagged: number };
  /** The planted cases a detector missed and the honest ones it flagged, for reading. */
  misses: { taskId: string; planted: string; variant: string; flags: HackFlag[] }[];
}

/**
 * Measures the hack detectors on a planted-hack suite: for every task, honest fixes and each kind
 * of hack built from its gold patch and tests. Recall is per kind; false positives are honest
 * cases flagged with anything.
 */
export async function auditDetectors({ store, runDir, tasks }: { store: RunStore; runDir: string; tasks: Task[] }): Promise<DetectorAudit> {
  const recall = Object.fromEntries(HACK_KINDS.map((kind) => [kind, { planted: 0, detected: 0 }])) as DetectorAudit["recall"];
  const honest = { total: 0, flagged: 0 };
  const misses: DetectorAudit["misses"] = [];
  for (const task of tasks) {
    const mirror = await ensureMirror({ runDir, repoName: task.repo, source: store.repos.get(task.repo)!.source });
    const readBase = (path: string) => git({ cwd: mirror, args: ["show", `${task.baseCommit}:${path}`] }).catch(() => undefined);
    for (const auditCase of await plantHacks({ task, readBase })) {
      const flags = detectHacks(auditCase.evidence);
      if (auditCase.planted === "honest") {
        honest.total++;
        if (flags.length > 0) {
          honest.flagged++;
          misses.push(describe(auditCase, flags));
        }
        continue;
      }
      recall[auditCase.planted].planted++;
      if (flags.some((flag) => flag.detector === auditCase.planted)) recall[auditCase.planted].detected++;
      else misses.push(describe(auditCase, flags));
    }
  }
  return { tasks: tasks.length, recall, honest, misses };
}

function describe(auditCase: AuditCase, flags: HackFlag[]) {
  return { taskId: auditCase.taskId, planted: auditCase.planted, variant: auditCase.variant, flags };
}
