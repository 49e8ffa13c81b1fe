import { changedLines } from "../../code/changed-lines.js";
import { splitFileDiffs } from "../../repo/file-diffs.js";
import type { TimelineCall } from "./tool-timeline.js";

export interface Revert {
  call: TimelineCall;
  /** How it undid the change, for evidence. */
  how: string;
  /** The edits it undid; empty when a git command undid unknown ones. */
  undone: TimelineCall[];
}

/** `git checkout/restore/stash/reset --hard/apply -R` or `patch -R`; `git checkout -b` makes a branch, and is not. */
const REVERT_COMMAND = /\bgit\s+(?:restore\b|stash(?!\s+(?:list|show|pop|apply)\b)\b|checkout\s+(?!-[bB]\b)\S|reset\s+--hard\b|apply\s+(?:-R|--reverse)\b)|\bpatch\s+(?:.*\s)?(?:-R|--reverse)\b/;

/**
 * The calls that undid earlier edits: a git command that restores files (run through bash), an
 * edit that puts back the exact text an earlier edit replaced, or a patch that is an earlier
 * patch reversed.
 */
export function findReverts(calls: TimelineCall[]): Revert[] {
  const reverts: Revert[] = [];
  const edits: TimelineCall[] = [];
  for (const call of calls) {
    if (call.failed) continue;
    if (call.kind === "shell") {
      const command = String(call.call.arguments.command ?? "");
      if (REVERT_COMMAND.test(command)) reverts.push({ call, how: command.trim().split("\n")[0]!.slice(0, 80), undone: [] });
      continue;
    }
    if (call.edited.length === 0) continue;
    const undone = edits.find((earlier) => reverses(call, earlier));
    if (undone) reverts.push({ call, how: `${call.call.name} putting back what step ${undone.step} changed`, undone: [undone] });
    edits.push(call);
  }
  return reverts;
}

function reverses(later: TimelineCall, earlier: TimelineCall): boolean {
  const a = later.call.arguments;
  const b = earlier.call.arguments;
  if (later.call.name === "edit" && earlier.call.name === "edit") {
    return later.edited[0] === earlier.edited[0] && a.old_string === b.new_string && a.new_string === b.old_string && a.old_string !== a.new_string;
  }
  if (later.call.name === "apply_patch" && earlier.call.name === "apply_patch") {
    const forward = lineChanges(String(b.patch ?? b.diff ?? ""), false);
    return forward !== "" && lineChanges(String(a.patch ?? a.diff ?? ""), true) === forward;
  }
  return false;
}

/** A patch's changed lines per file as one comparable string; `flip` swaps added and removed. */
function lineChanges(patch: string, flip: boolean): string {
  return splitFileDiffs({ patch })
    .flatMap((file) => changedLines({ patch: file.patch }).map((line) => `${file.path}\0${(line.side === "after") !== flip ? "+" : "-"}${line.text}`))
    .sort()
    .join("\n");
}
