import type { ProvenanceSource } from "../../schema/records.js";
import type { ToolContext } from "./define-tool.js";

/** Provenance for content from the task's repository: a file, or "." for the repository's own execution output. */
export function repoFileSource(context: Pick<ToolContext, "task" | "license">, path: string): ProvenanceSource {
  return {
    kind: "repo-file",
    repo: context.task.repo,
    path,
    commit: context.task.baseCommit,
    ...(context.license ? { license: context.license } : {}),
  };
}
