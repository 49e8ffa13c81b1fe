import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProcess } from "../exec/run-process.js";
import { isolatedGitEnv } from "./git.js";

/** `git apply` in a workspace, then once more with `--recount` for a hand- or model-written diff with wrong hunk counts. */
export async function gitApply(workspace: string, patch: string): Promise<{ ok: true; detail?: string } | { ok: false; detail: string }> {
  if (patch.trim() === "") return { ok: true };
  const dir = mkdtempSync(join(tmpdir(), "kaizen-apply-"));
  try {
    const file = join(dir, "change.patch");
    writeFileSync(file, patch.endsWith("\n") ? patch : `${patch}\n`);
    const apply = (extra: string[]) =>
      runProcess({ command: "git", args: ["apply", "--whitespace=nowarn", ...extra, file], cwd: workspace, env: isolatedGitEnv(), timeoutMs: 60_000 });
    const plain = await apply([]);
    if (plain.exitCode === 0) return { ok: true };
    const recounted = await apply(["--recount"]);
    if (recounted.exitCode === 0) return { ok: true, detail: "the patch applied only with --recount (its hunk line counts are wrong)" };
    return { ok: false, detail: plain.stderr.trim().split("\n").slice(0, 2).join("; ") || `git apply exited with ${plain.exitCode ?? plain.signal}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
