import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kaizenConfig } from "../config/config-schema.js";
import type { Task } from "../schema/records.js";
import { openRunStore, type RunStore } from "../store/run-store.js";
import { mineRepository } from "../tasks/mine-repository.js";
import { buildBugFixRepo } from "./bug-fix-repo.js";

export interface MinedBugFixTask {
  runDir: string;
  store: RunStore;
  task: Task;
  /** Closes the store and removes everything. */
  dispose(): void;
}

/** A run store holding the one real task mined from `buildBugFixRepo`, for rollout tests. */
export async function minedBugFixTask(prefix: string): Promise<MinedBugFixTask> {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  const repoDir = join(scratch, "shop");
  mkdirSync(repoDir);
  await buildBugFixRepo(repoDir);
  const runDir = join(scratch, "run");
  const store = openRunStore({ dir: runDir });
  await mineRepository({ runDir, repoPath: repoDir, config: kaizenConfig.parse({}), store, sandbox: true });
  const task = store.tasks.list()[0];
  if (!task) throw new Error("mining the bug-fix fixture gave no task");
  return {
    runDir,
    store,
    task,
    dispose: () => {
      store.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
