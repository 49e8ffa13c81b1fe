import type { BlockedCommand } from "./command-verdict.js";
import type { ShellWord } from "./parse-shell-command.js";

export interface CheckGitCommandOptions {
  /** The words after `git`. */
  args: readonly ShellWord[];
  /** The command as written, for the message. */
  source: string;
}

/** Global options that take the next word as their value. */
const GLOBAL_WITH_VALUE = new Set(["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--super-prefix", "--list-cmds"]);
/** `git reset` targets that leave the branch where the task put it. */
const CURRENT_COMMIT = new Set(["HEAD", "@"]);

// Callers print `blocked: REASON. HINT`, so neither ends in a full stop.
const PUSH_HINT = "Leave your changes in the working tree and finish; kaizen collects the diff from there";
const REF_HINT =
  "Work on the checked-out commit; if you need another branch, create one with `git switch -c NAME` and leave existing refs, tags and history as they are";
const RESET_HINT =
  "To throw away your edits use `git reset --hard` (HEAD itself), `git checkout -- FILE` or `git stash`; the task's base commit must stay checked out";
const CONFIG_HINT =
  "Pass settings for one command instead (`git -c user.name=agent -c user.email=agent@example.com commit …`); reading with `git config --get NAME` is fine";

/**
 * Refuses git commands that push, move the branch off the task's base commit, rewrite refs or
 * history, or write git's configuration. Everything else (status, diff, log, checkout -- FILE,
 * stash, commit, clean) is left to the sandbox.
 */
export function checkGitCommand(options: CheckGitCommandOptions): BlockedCommand | undefined {
  const { source } = options;
  const words = options.args.map((word) => word.text);
  let at = 0;
  while (at < words.length && words[at]!.startsWith("-")) {
    at += GLOBAL_WITH_VALUE.has(words[at]!) ? 2 : 1;
  }
  const subcommand = words[at];
  const args = words.slice(at + 1);
  const { shortFlags, longFlags, positionals } = splitArgs(args);
  const blocked = (reason: string, hint: string): BlockedCommand => ({ allowed: false, reason: `\`${source}\` ${reason}`, hint });

  if (longFlags.has("--help") || shortFlags.has("h")) return undefined;
  switch (subcommand) {
    case "push": {
      // Every push is refused: a task's workspace has no remote of its own, and a remote that
      // points at a local path could let the agent change the repository it was cloned from.
      const force =
        [...longFlags].some((flag) => /^--(?:force(?:-with-lease|-if-includes)?|mirror|delete|prune)$/.test(flag)) ||
        shortFlags.has("f") ||
        shortFlags.has("d") ||
        positionals.slice(1).some((refspec) => refspec.startsWith("+") || refspec.startsWith(":"));
      return force
        ? blocked("force-pushes or deletes remote refs, rewriting history others depend on", PUSH_HINT)
        : blocked("pushes to a remote; pushing is disabled because the task's workspace has no remote", PUSH_HINT);
    }
    case "reset": {
      const mode = ["--hard", "--keep", "--merge"].find((flag) => longFlags.has(flag));
      const target = positionals[0];
      if (mode && target !== undefined && !CURRENT_COMMIT.has(target)) {
        return blocked(`moves the branch to ${target}, off the task's base commit`, RESET_HINT);
      }
      return undefined;
    }
    case "checkout":
    case "switch": {
      // `git checkout -B main origin/main` resets an existing branch, like `git reset --hard`.
      const forceCreate = shortFlags.has(subcommand === "checkout" ? "B" : "C") || longFlags.has("--force-create");
      const startPoint = positionals[1];
      return forceCreate && startPoint !== undefined && !CURRENT_COMMIT.has(startPoint)
        ? blocked(`force-resets a branch to ${startPoint}, off the task's base commit`, RESET_HINT)
        : undefined;
    }
    case "update-ref":
    case "filter-branch":
    case "filter-repo":
    case "prune":
      return blocked("rewrites refs or history directly", REF_HINT);
    case "replace":
      return positionals.length === 0 || shortFlags.has("l") || longFlags.has("--list") ? undefined : blocked("replaces objects in history", REF_HINT);
    case "branch":
      return ["D", "f", "M", "C"].some((flag) => shortFlags.has(flag)) || longFlags.has("--force")
        ? blocked("force-deletes, force-moves or overwrites a branch", REF_HINT)
        : undefined;
    case "tag":
      return shortFlags.has("d") || shortFlags.has("f") || longFlags.has("--delete") || longFlags.has("--force")
        ? blocked("deletes or moves a tag", REF_HINT)
        : undefined;
    case "reflog":
      return positionals[0] === "expire" || positionals[0] === "delete" ? blocked("erases reflog entries, the record of where refs were", REF_HINT) : undefined;
    case "gc":
      return [...longFlags].some((flag) => flag === "--prune") ? blocked("prunes unreachable objects from history", REF_HINT) : undefined;
    case "symbolic-ref":
      return positionals.length >= 2 || shortFlags.has("d") || longFlags.has("--delete") ? blocked("repoints or deletes a symbolic ref such as HEAD", REF_HINT) : undefined;
    case "config":
      return configWrites(args) ? blocked("writes git configuration (in the sandbox .git/config is read-only)", CONFIG_HINT) : undefined;
    case "remote":
      return ["add", "rename", "remove", "rm", "set-url", "set-head", "set-branches"].includes(positionals[0] ?? "")
        ? blocked("changes the repository's remotes, which live in its git configuration", CONFIG_HINT)
        : undefined;
    default:
      return undefined;
  }
}

/** Option letters, long options (without `=value`) and the other words, up to `--`. */
function splitArgs(args: readonly string[]): { shortFlags: Set<string>; longFlags: Set<string>; positionals: string[] } {
  const shortFlags = new Set<string>();
  const longFlags = new Set<string>();
  const positionals: string[] = [];
  for (const arg of args) {
    if (arg === "--") break;
    if (arg.startsWith("--")) longFlags.add(arg.split("=")[0]!);
    else if (/^-[A-Za-z]/.test(arg)) for (const letter of arg.slice(1)) shortFlags.add(letter);
    else positionals.push(arg);
  }
  return { shortFlags, longFlags, positionals };
}

const CONFIG_READ_FLAGS = new Set(["--get", "--get-all", "--get-regexp", "--get-urlmatch", "--get-color", "--get-colorbool", "--list", "-l"]);
const CONFIG_WRITE_FLAGS = new Set(["--unset", "--unset-all", "--add", "--replace-all", "--rename-section", "--remove-section", "--edit", "-e"]);
const CONFIG_WITH_VALUE = new Set(["-f", "--file", "--blob", "--type", "--default", "--comment", "--value"]);

/** True unless `git config …` only reads: `--get`, `--list`, `get`/`list`, or a bare name. */
function configWrites(args: readonly string[]): boolean {
  const names: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const flag = arg.split("=")[0]!;
    if (CONFIG_READ_FLAGS.has(flag)) return false;
    if (CONFIG_WRITE_FLAGS.has(flag)) return true;
    if (CONFIG_WITH_VALUE.has(arg)) index++;
    else if (!arg.startsWith("-")) names.push(arg);
  }
  const [first] = names;
  if (first === "get" || first === "list") return false;
  if (["set", "unset", "rename-section", "remove-section", "edit"].includes(first ?? "")) return true;
  return names.length >= 2;
}
