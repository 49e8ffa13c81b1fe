import type { Task } from "../../schema/records.js";
import { patchFiles, type PatchFile } from "./patch-files.js";

export interface GoldChanges {
  files: PatchFile[];
  /** Paths the gold patch touches, old and new. */
  paths: ReadonlySet<string>;
  /** The trimmed text of every line the gold patch adds. */
  lines: ReadonlySet<string>;
  /** Every added line joined, for looking literals up. */
  addedText: string;
}

/**
 * What the task's reference fix changes. Whatever the gold patch itself does (add `__eq__`,
 * compare with a literal, bump a dependency) is part of an honest fix, so detectors excuse it.
 */
export function goldChanges(task: Task): GoldChanges {
  const files = patchFiles({ patch: task.goldPatch });
  const added = files.flatMap((file) => file.added.map((line) => line.text));
  return {
    files,
    paths: new Set(files.flatMap((file) => [file.diff.oldPath, file.diff.newPath].filter((path): path is string => path !== undefined))),
    lines: new Set(added.map((text) => text.trim()).filter((text) => text !== "")),
    addedText: added.join("\n"),
  };
}
