import { existsSync } from "node:fs";
import { join } from "node:path";
import { runProcess } from "../exec/run-process.js";
import { isolatedGitEnv } from "../repo/git.js";
import { ALL_TOOLS } from "../rollout/tools/all-tools.js";
import { toolDefinitions } from "../rollout/tools/tool-definitions.js";
import { repoDirName } from "../workspace/history-snapshot.js";
import type { FormatContext } from "./export-format.js";

/** The choices a user makes for an export (the rest of a format's context follows from the run). */
export type FormatSettings = Pick<FormatContext, "groupFilter" | "seed" | "capability">;

/** A format's context for exporting the run in `runDir`: every harness tool, and files read from the run's mirrors. */
export function formatContext(settings: FormatSettings, runDir: string): FormatContext {
  return { ...settings, tools: toolDefinitions(ALL_TOOLS), readRepoFile: (file) => readRepoFile(runDir, file) };
}

async function readRepoFile(runDir: string, { repo, commit, path }: { repo: string; commit: string; path: string }): Promise<string | undefined> {
  const gitDir = join(runDir, "mirrors", `${repoDirName(repo)}.git`);
  if (!existsSync(gitDir)) return undefined;
  const blob = await runProcess({ command: "git", args: ["cat-file", "blob", `${commit}:${path}`], cwd: gitDir, env: isolatedGitEnv(), timeoutMs: 60_000 });
  return blob.exitCode === 0 ? blob.stdout : undefined;
}
