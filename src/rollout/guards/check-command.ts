import { relative, resolve } from "node:path";
import { checkGitCommand } from "./check-git-command.js";
import { classifyPath } from "./classify-path.js";
import type { BlockedCommand, CommandVerdict } from "./command-verdict.js";
import { interpreterProgram } from "./interpreter-program.js";
import { parseShellCommand, type ShellRedirect, type ShellWord, type SimpleCommand } from "./parse-shell-command.js";
import { pathsWritten } from "./paths-written.js";
import { unwrapCommand } from "./unwrap-command.js";

export interface CheckCommandOptions {
  /** The bash command the agent asked to run. */
  command: string;
  /** The workspace's absolute path; the command starts there. */
  workspace: string;
}

interface Scope {
  workspace: string;
  /** Undefined once a `cd` went somewhere the guard cannot follow. */
  cwd: string | undefined;
  depth: number;
}

/** `bash -c "$(…)"` inside `eval` inside …: past this the command is refused rather than half-checked. */
const MAX_DEPTH = 6;
const DOWNLOADERS = new Set(["curl", "wget"]);
/** A function that pipes itself into itself in the background: `:(){ :|:& };:`. */
const FORK_BOMB = /(?<![\w:.-])([A-Za-z_:][\w:.-]{0,63})\s*\(\)\s*\{[^}]*\1\s*\|\s*\1\s*&/;
const HARMLESS_DEVICES = /^\/dev\/(?:null|zero|full|u?random|tty|std(?:in|out|err)|fd\/\d+|pts\/\d+|shm\/.*)$/;

// Callers print `blocked: REASON. HINT`, so neither ends in a full stop.
const OUTSIDE_HINT = "Delete only paths inside the workspace, e.g. `rm -rf build` or `rm -rf ./dist node_modules/.cache`";
const GIT_DIR_HINT =
  "Change repository state with git itself (`git checkout -- FILE`, `git stash`, `git commit`), never by writing into .git; its hooks and config are fixed for this task";
const DOWNLOAD_HINT =
  "Do not run code straight from the network (the sandbox usually has none): install dependencies with the project's package manager, or save a script into the workspace and read it before running it";
const SYSTEM_HINT = "Keep to the workspace: build, test and edit files there; nothing in this task needs the machine itself changed";

/**
 * Whether a bash command may run. Refuses deleting outside the workspace, force pushes and other
 * history rewrites, resetting off the base commit, download-and-execute, writes into `.git`, and
 * machine-wide destruction, each with a reason and what to do instead. Ordinary work, `rm -rf
 * build` or `git checkout -- file` included, passes; the sandbox remains the real boundary, this
 * is the clear, recorded message in front of it.
 */
export function checkCommand(options: CheckCommandOptions): CommandVerdict {
  const workspace = resolve(options.workspace);
  return checkScript(options.command, { workspace, cwd: workspace, depth: 0 }) ?? { allowed: true };
}

function checkScript(script: string, scope: Scope): BlockedCommand | undefined {
  if (scope.depth > MAX_DEPTH) {
    return blocked(script, "nests shells and substitutions too deeply to check", "Write the commands into a script file in the workspace and run it with bash");
  }
  if (FORK_BOMB.test(script)) return blocked(script, "is a fork bomb: it would exhaust the machine's processes", SYSTEM_HINT);
  const commands = parseShellCommand(script);
  let cwd = scope.cwd;
  const enclosing: (string | undefined)[] = [];
  for (const command of commands) {
    // A `( … )` subshell's `cd` ends with it.
    while (enclosing.length < command.subshell) enclosing.push(cwd);
    while (enclosing.length > command.subshell) cwd = enclosing.pop();
    const here = { ...scope, cwd };
    for (const inner of [...command.words, ...command.redirects.map((redirect) => redirect.target)].flatMap((word) => word.substitutions)) {
      const verdict = checkScript(inner, { ...here, depth: scope.depth + 1 });
      if (verdict) return verdict;
    }
    const upstream = () => commands.filter((other) => other.pipeline === command.pipeline && other.stage < command.stage);
    const verdict = checkSimpleCommand({ words: command.words, redirects: command.redirects, source: command.source, upstream, scope: here });
    if (verdict) return verdict;
    cwd = cwdAfter(command.words, cwd);
  }
  return undefined;
}

interface SimpleCommandCheck {
  words: readonly ShellWord[];
  redirects: readonly ShellRedirect[];
  source: string;
  /** The earlier stages of the command's pipeline, whose output it reads; computed only for interpreters. */
  upstream: () => readonly SimpleCommand[];
  scope: Scope;
}

function checkSimpleCommand(check: SimpleCommandCheck): BlockedCommand | undefined {
  const { redirects, source, scope } = check;
  const place = (word: ShellWord) => classifyPath({ word, cwd: scope.cwd, workspace: scope.workspace });

  for (const redirect of redirects) {
    const writes = redirect.operator.includes(">") && !(redirect.operator.includes("&") && /^(?:\d+|-)$/.test(redirect.target.text));
    if (!writes) continue;
    const target = place(redirect.target);
    if (target.place === "git") return blocked(source, `writes into .git (${inWorkspace(target.path, scope)})`, GIT_DIR_HINT);
    if (isDevice(redirect.target.text)) return blocked(source, `writes raw data to the device ${redirect.target.text}`, SYSTEM_HINT);
  }

  const command = unwrapCommand(check.words);
  if (!command) return undefined;
  const { name, args } = command;
  if (command.privileged) {
    return blocked(source, `runs through ${command.privileged}; commands here never get root`, "Run the command without sudo; install tools into the workspace or user site (`pip install --user`, `npm install`, `npx`)");
  }
  if (command.nameWord.substitutions.some((inner) => runsDownloader(inner, scope.depth))) {
    return blocked(source, "runs the output of a download as a command", DOWNLOAD_HINT);
  }

  const system = checkSystemCommand(name, args, source);
  if (system) return system;

  const download = checkInterpreter(check, name, args);
  if (download) return download;

  if (name === "git") {
    const git = checkGitCommand({ args, source });
    if (git) return git;
  }

  for (const word of pathsWritten(name, args)) {
    const written = place(word);
    if (written.place === "git") return blocked(source, `writes into .git (${inWorkspace(written.path, scope)})`, GIT_DIR_HINT);
  }

  const recursive = args.some((word) => /^-[A-Za-z]*[rR]/.test(word.text) || word.text === "--recursive");
  if (name === "rm" && recursive) {
    for (const target of operands(args)) {
      const where = place(target);
      if (where.place === "workspace") {
        return blocked(source, "deletes the whole workspace, .git included", "Delete specific paths (`rm -rf build dist`), or restore a clean tree with `git checkout -- .` and `git clean -fd`");
      }
      if (where.place === "outside") return blocked(source, `deletes ${where.path}, which is outside the workspace ${scope.workspace}`, OUTSIDE_HINT);
    }
  }
  if ((name === "chmod" || name === "chown" || name === "chgrp") && recursive) {
    const outside = operands(args).slice(1).find((word) => place(word).place === "outside");
    if (outside) return blocked(source, `recursively changes ${outside.text}, outside the workspace`, SYSTEM_HINT);
  }
  if (name === "find") return checkFind(check, args);
  return undefined;
}

function checkSystemCommand(name: string, args: readonly ShellWord[], source: string): BlockedCommand | undefined {
  const texts = args.map((word) => word.text);
  if (/^(?:mkfs(?:\..+)?|mke2fs|mkswap|wipefs)$/.test(name)) return blocked(source, "formats or wipes a file system", SYSTEM_HINT);
  if (/^(?:shutdown|reboot|halt|poweroff|telinit)$/.test(name) || (name === "init" && /^[06]$/.test(texts[0] ?? "")) || (name === "systemctl" && texts.some((text) => /^(?:poweroff|reboot|halt|kexec)$/.test(text)))) {
    return blocked(source, "shuts down or reboots the machine", SYSTEM_HINT);
  }
  if (name === "dd") {
    const output = texts.find((text) => text.startsWith("of="))?.slice(3);
    if (output && isDevice(output)) return blocked(source, `writes raw data to the device ${output}`, SYSTEM_HINT);
  }
  if (name === "kill" && killsEverything(texts)) return blocked(source, "signals every process the user owns, kaizen included", "Kill only the processes you started, by their pid (`kill %1`, `kill $PID`)");
  return undefined;
}

/** `kill -9 -1`, `kill -s KILL -1`, `kill -- -1`: -1 as a pid means every process. */
function killsEverything(args: readonly string[]): boolean {
  let signalGiven = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "--") return args.slice(index + 1).includes("-1");
    if (arg === "-l" || arg === "-L") return false;
    if (arg === "-s" || arg === "-n") {
      index++;
      signalGiven = true;
    } else if (arg.startsWith("-") && !signalGiven) signalGiven = true;
    else if (arg === "-1") return true;
  }
  return false;
}

/** Download-and-execute through an interpreter: `curl … | sh`, `bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(wget …)"`. */
function checkInterpreter(check: SimpleCommandCheck, name: string, args: readonly ShellWord[]): BlockedCommand | undefined {
  const { source, scope } = check;
  const downloads = (word: ShellWord | undefined) => word?.substitutions.some((inner) => runsDownloader(inner, scope.depth)) ?? false;
  const nested = { ...scope, depth: scope.depth + 1 };

  if (name === "eval") {
    if (args.some(downloads)) return blocked(source, "evaluates code downloaded from the network", DOWNLOAD_HINT);
    return checkScript(args.map((word) => word.text).join(" "), nested);
  }
  if (name === "source" || name === ".") {
    const file = args[0];
    const fromStdin = file !== undefined && /^(?:\/dev\/stdin|-|\/proc\/self\/fd\/0)$/.test(file.text) && check.upstream().some(isDownloadStage);
    return downloads(file) || fromStdin ? blocked(source, "sources a script downloaded from the network", DOWNLOAD_HINT) : undefined;
  }
  const program = interpreterProgram(name, args);
  if (!program) return undefined;
  if (program.from === "stdin") {
    const upstream = check.upstream();
    const fed = check.redirects.filter((redirect) => redirect.operator.startsWith("<"));
    if (upstream.some(isDownloadStage) || fed.some((redirect) => downloads(redirect.target))) {
      const pipeline = [...upstream.map((stage) => stage.source), source].join(" | ");
      return blocked(pipeline, `pipes code downloaded from the network into ${name}`, DOWNLOAD_HINT);
    }
    if (!isShell(name)) return undefined;
    for (const script of [...scriptsFed(check.redirects), ...upstream.flatMap((stage) => [...scriptsFed(stage.redirects), ...echoedScript(stage)])]) {
      const verdict = checkScript(script, nested);
      if (verdict) return verdict;
    }
    return undefined;
  }
  if (program.from === "string" || program.from === "file") {
    if (downloads(program.word)) return blocked(source, `runs code downloaded from the network with ${name}`, DOWNLOAD_HINT);
    if (program.from === "string" && program.shell) return checkScript(program.word.text, nested);
  }
  return undefined;
}

/** `find … -delete` and `find … -exec CMD {} ;`, checked as if `{}` were a file under each start path. */
function checkFind(check: SimpleCommandCheck, args: readonly ShellWord[]): BlockedCommand | undefined {
  const { source, scope } = check;
  let index = 0;
  while (index < args.length && /^-(?:[HLP]|O\d*)$/.test(args[index]!.text)) index++;
  if (args[index]?.text === "-D") index += 2;
  const starts: ShellWord[] = [];
  while (index < args.length && !/^[-(!),]/.test(args[index]!.text)) starts.push(args[index++]!);
  if (starts.length === 0) starts.push({ text: ".", substitutions: [], glob: false });
  const expression = args.slice(index);

  for (const start of starts) {
    const found: ShellWord = { ...start, text: `${start.text.replace(/\/+$/, "")}/{}` };
    if (expression.some((word) => word.text === "-delete")) {
      const where = classifyPath({ word: found, cwd: scope.cwd, workspace: scope.workspace });
      if (where.place === "git") return blocked(source, `deletes files inside .git (${start.text})`, GIT_DIR_HINT);
      if (where.place === "outside") return blocked(source, `deletes files under ${start.text}, outside the workspace ${scope.workspace}`, OUTSIDE_HINT);
    }
    for (let at = 0; at < expression.length; at++) {
      if (!/^-(?:exec|execdir|ok|okdir)$/.test(expression[at]!.text)) continue;
      const end = expression.findIndex((word, position) => position > at && (word.text === ";" || word.text === "+"));
      const words = expression.slice(at + 1, end < 0 ? undefined : end).map((word) => (word.text.includes("{}") ? { ...word, text: word.text.replaceAll("{}", found.text) } : word));
      const verdict = checkSimpleCommand({ words, redirects: [], source, upstream: () => [], scope });
      if (verdict) return verdict;
      at = end < 0 ? expression.length : end;
    }
  }
  return undefined;
}

/** True when a pipeline stage produces a download: `curl …`, `wget -O- …`, `echo "$(curl …)"`. */
function isDownloadStage(stage: SimpleCommand): boolean {
  const command = unwrapCommand(stage.words);
  if (command && DOWNLOADERS.has(command.name)) return true;
  return stage.words.some((word) => word.substitutions.some((inner) => runsDownloader(inner, 0)));
}

/** Script text handed to a command's stdin by a here-document or here-string. */
function scriptsFed(redirects: readonly ShellRedirect[]): string[] {
  return redirects.flatMap((redirect) => (redirect.body !== undefined ? [redirect.body] : redirect.operator === "<<<" ? [redirect.target.text] : []));
}

/** What `echo …` or `printf …` writes, when a shell downstream will run it. */
function echoedScript(stage: SimpleCommand): string[] {
  const command = unwrapCommand(stage.words);
  if (command?.name === "echo") return [command.args.filter((word) => !/^-[neE]+$/.test(word.text)).map((word) => word.text).join(" ").replace(/\\n/g, "\n")];
  if (command?.name === "printf") return [command.args.map((word) => word.text).join(" ").replace(/\\n/g, "\n")];
  return [];
}

function runsDownloader(script: string, depth: number): boolean {
  if (depth > MAX_DEPTH) return true;
  return parseShellCommand(script).some((command) => {
    const unwrapped = unwrapCommand(command.words);
    if (unwrapped && DOWNLOADERS.has(unwrapped.name)) return true;
    return command.words.some((word) => word.substitutions.some((inner) => runsDownloader(inner, depth + 1)));
  });
}

function isShell(name: string): boolean {
  return /^(?:sh|bash|zsh|dash|ksh|mksh|ash)$/.test(name);
}

function isDevice(path: string): boolean {
  return path.startsWith("/dev/") && !HARMLESS_DEVICES.test(path);
}

/** The words after the options (everything after `--`). */
function operands(args: readonly ShellWord[]): ShellWord[] {
  const dashDash = args.findIndex((word) => word.text === "--");
  const before = dashDash < 0 ? args : args.slice(0, dashDash);
  const after = dashDash < 0 ? [] : args.slice(dashDash + 1);
  return [...before.filter((word) => !word.text.startsWith("-") || word.text === "-"), ...after];
}

/** The working directory after `cd DIR`/`pushd DIR`; undefined when it cannot be known. */
function cwdAfter(words: readonly ShellWord[], cwd: string | undefined): string | undefined {
  const name = words[0]?.text;
  if (name === "popd") return undefined;
  if (name !== "cd" && name !== "pushd") return cwd;
  const target = words.slice(1).find((word) => !/^-[LPe@]+$/.test(word.text));
  if (!target || target.substitutions.length > 0 || /^[~$-]/.test(target.text)) return undefined;
  if (target.text.startsWith("/")) return resolve(target.text);
  return cwd === undefined ? undefined : resolve(cwd, target.text);
}

/** A path as the agent would name it: relative to the workspace. */
function inWorkspace(path: string, scope: Scope): string {
  return relative(scope.workspace, path) || ".";
}

function blocked(source: string, reason: string, hint: string): BlockedCommand {
  const shown = source.length > 120 ? `${source.slice(0, 117)}...` : source;
  return { allowed: false, reason: `\`${shown}\` ${reason}`, hint };
}
