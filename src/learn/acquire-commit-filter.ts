import { classifyCommit, COMMIT_KINDS, type CommitKind } from "../tasks/classify-commit.js";
import type { CommitFacts } from "../tasks/read-commit.js";
import { globToRegExp } from "../rollout/tools/glob-to-reg-exp.js";

export interface AcquireCommitFilterOptions {
  /** A target's commit filters: `path:GLOB`, `message:REGEX`, `kind:KIND`. */
  filters: readonly string[];
}

export interface AcquireCommitFilter {
  /** Undefined when a filter is malformed: mining unaimed would take commits outside the category. */
  accepts?: (commit: CommitFacts) => boolean;
  /** One sentence per malformed filter. */
  problems: string[];
}

/**
 * The predicate mining applies for a target. Filters of one kind are alternatives (any `path:`
 * may match); filters of different kinds must all hold. `path:` globs match the repository-relative
 * path of a changed file (a glob without `/` matches the file name in any folder); `message:` is a
 * case-insensitive regular expression over subject and body; `kind:` is classifyCommit's verdict.
 */
export function acquireCommitFilter({ filters }: AcquireCommitFilterOptions): AcquireCommitFilter {
  const paths: RegExp[] = [];
  const messages: RegExp[] = [];
  const kinds: CommitKind[] = [];
  const problems: string[] = [];
  for (const filter of filters) {
    const colon = filter.indexOf(":");
    const [prefix, value] = colon < 0 ? ["", filter] : [filter.slice(0, colon), filter.slice(colon + 1)];
    if (value === "") problems.push(`commit filter "${filter}" has nothing after its prefix`);
    // A glob without a folder names a file anywhere, as in .gitignore.
    else if (prefix === "path") paths.push(globToRegExp(value.includes("/") ? value : `**/${value}`));
    else if (prefix === "message") {
      try {
        messages.push(new RegExp(value, "i"));
      } catch (error) {
        problems.push(`commit filter "${filter}" is not a regular expression: ${(error as Error).message}`);
      }
    } else if (prefix === "kind") {
      if ((COMMIT_KINDS as readonly string[]).includes(value)) kinds.push(value as CommitKind);
      else problems.push(`commit filter "${filter}" names no commit kind (one of ${COMMIT_KINDS.join(", ")})`);
    } else problems.push(`commit filter "${filter}" is not path:GLOB, message:REGEX or kind:KIND`);
  }
  if (problems.length > 0) return { problems };
  const accepts = (commit: CommitFacts) =>
    (paths.length === 0 || commit.files.some((file) => paths.some((glob) => glob.test(file.path)))) &&
    (messages.length === 0 || messages.some((regex) => regex.test(`${commit.subject}\n${commit.body}`))) &&
    (kinds.length === 0 || kinds.includes(classifyCommit({ subject: commit.subject, body: commit.body, parents: commit.parents.length, files: commit.files }).kind));
  return { accepts, problems };
}

