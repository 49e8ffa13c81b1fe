import type { Database } from "better-sqlite3";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runProcess } from "../exec/run-process.js";
import { detectLicense } from "../provenance/detect-license.js";
import { readOptOutMarkers, type OptOut } from "../provenance/opt-out-markers.js";
import type { ProvenancePolicy } from "../provenance/provenance-policy.js";
import type { OptOutFor } from "../provenance/trajectory-provenance.js";
import { isolatedGitEnv } from "../repo/git.js";
import type { Task } from "../schema/records.js";
import { repoDirName } from "../workspace/history-snapshot.js";

export interface RepositoryFacts {
  optOutFor: OptOutFor;
  /** The licence detected at a commit; filled in for sources recorded without one. */
  licenseFor: (repo: string, commit: string) => string | undefined;
  /** What could not be read, said to the user: an unread marker must not pass as "no opt-out". */
  problems: string[];
}

/** What of a task says which repository and commits its sources come from. */
export type TaskCommits = Pick<Task, "repo" | "baseCommit" | "sourceCommit">;

/**
 * The distinct (repository, base commit, source commit) of the stored tasks, read by SQLite:
 * a large run has tens of thousands of tasks and a handful of these, so the tasks themselves are
 * never parsed (validating them all took seconds and over 100 MB at 25,000 tasks).
 */
export function taskCommits(store: { db: Database }): TaskCommits[] {
  return store.db
    .prepare<[], { repo: string; baseCommit: string; sourceCommit: string | null }>(
      `SELECT repo, json_extract(data, '$.baseCommit') AS baseCommit, json_extract(data, '$.sourceCommit') AS sourceCommit FROM tasks
       GROUP BY 1, 2, 3 ORDER BY min(rowid)`,
    )
    .all()
    .map((row) => ({ repo: row.repo, baseCommit: row.baseCommit, ...(row.sourceCommit ? { sourceCommit: row.sourceCommit } : {}) }));
}

/**
 * Opt-out markers and the licence of every repository at every commit the tasks were made from,
 * read once from the run's bare mirrors, so tiering each trajectory is a lookup.
 */
export async function loadRepositoryFacts({ runDir, tasks, policy }: { runDir: string; tasks: Iterable<TaskCommits>; policy: ProvenancePolicy }): Promise<RepositoryFacts> {
  const optOuts = new Map<string, OptOut>();
  const licenses = new Map<string, string | undefined>();
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const task of tasks) {
    for (const commit of new Set([task.baseCommit, task.sourceCommit].filter((sha): sha is string => Boolean(sha)))) {
      const key = `${task.repo}@${commit}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const gitDir = join(runDir, "mirrors", `${repoDirName(task.repo)}.git`);
      if (!existsSync(gitDir)) {
        problems.push(`${task.repo}: no mirror in the run, so its opt-out markers and licence are unknown (its sources count as unlicensed)`);
        continue;
      }
      try {
        optOuts.set(key, await readOptOutMarkers({ gitDir, commit, markers: policy.optOut.markers }));
      } catch (error) {
        problems.push(`${key}: opt-out markers unreadable (${(error as Error).message}); its files are treated as opted out`);
        optOuts.set(key, { repository: { marker: ".noai", detail: "markers could not be read, so kaizen assumes an opt-out" }, pathRule: () => undefined });
      }
      licenses.set(key, await licenseAt(gitDir, commit));
    }
  }
  return {
    optOutFor: (repo, commit) => optOuts.get(`${repo}@${commit}`),
    licenseFor: (repo, commit) => licenses.get(`${repo}@${commit}`),
    problems: [...new Set(problems)],
  };
}

async function licenseAt(gitDir: string, commit: string): Promise<string | undefined> {
  const run = (args: string[]) => runProcess({ command: "git", args, cwd: gitDir, env: isolatedGitEnv(), timeoutMs: 60_000 });
  const listing = await run(["ls-tree", "-z", "--name-only", commit]);
  if (listing.exitCode !== 0) return undefined;
  const files = listing.stdout.split("\0").filter(Boolean);
  const texts = new Map<string, string>();
  for (const path of files.filter((file) => /^(licen[cs]e|copying|unlicen[cs]e)|^(package\.json|pyproject\.toml|setup\.cfg|cargo\.toml)$/i.test(file))) {
    const blob = await run(["cat-file", "blob", `${commit}:${path}`]);
    if (blob.exitCode === 0) texts.set(path, blob.stdout);
  }
  return detectLicense({ files, read: (path) => texts.get(path) }).spdx;
}
