import { describeModuleKey, lineageGroups } from "../curate/lineage-split.js";
import type { Split } from "../curate/lineage-split.js";

/** What the choice needs to know about one task. */
export interface BenchmarkCandidate {
  id: string;
  /** Its lineage keys (lineageKeys): tasks sharing one are held out together or not at all. */
  lineage: string[];
  /** The modules its fix touches (moduleKeys). */
  modules: string[];
  /** The committer date (ISO 8601) of the commit a mined task came from; absent for injected bugs (all made at HEAD). */
  committedAt?: string | undefined;
  /** Its side when already assigned: such a task, and anything tied to it, stays where it is. */
  assigned?: Split | undefined;
}

export interface ChoosePrivateBenchmarkOptions {
  candidates: BenchmarkCandidate[];
  /** The share of all tasks to hold out, roughly: whole lineages and modules are never cut. */
  share: number;
}

/** One task held out, why, and the module keys that let later tasks of its module follow it. */
export interface HeldOutTask {
  taskId: string;
  heldOutBy: string;
  /** The held-out modules this task touches (stored with its lineage, matched by assignSplits). */
  modules: string[];
}

export interface PrivateBenchmarkChoice {
  heldOut: HeldOutTask[];
  /** The oldest commit held out by time: every unassigned lineage with a newer commit is held out too. */
  cutoff?: string;
  /** The module keys held out whole. */
  modules: string[];
  /** How many tasks the share asked for. */
  target: number;
}

/** Stands in for the time rule's reason until the final cutoff is known. */
const BY_TIME = "\0by-time";

interface Group {
  members: number[];
  /** The newest commit among its members, when any has one. */
  newest?: string;
  modules: Set<string>;
}

/**
 * The private benchmark, chosen once: about `share` of the tasks, half of them the newest mined
 * commits (what a model trained before them cannot have seen) and the rest whole modules (so the
 * benchmark also measures code the training data never touches). Lineages are never cut: a task
 * goes with every task sharing its commit or a function, and an impossible task with its parent.
 * Tasks already on train or eval, and every lineage or module they are part of, are never chosen.
 */
export function choosePrivateBenchmark({ candidates, share }: ChoosePrivateBenchmarkOptions): PrivateBenchmarkChoice {
  const target = candidates.length === 0 ? 0 : Math.max(1, Math.round(share * candidates.length));
  // A lineage so wide that holding it out would leave less than half the tasks to train on stays in training.
  const cap = Math.max(target, Math.floor(candidates.length / 2));
  const groups: Group[] = lineageGroups({ keys: candidates.map((candidate) => candidate.lineage) }).map((members) => {
    const dates = members.flatMap((position) => (candidates[position]!.committedAt ? [candidates[position]!.committedAt!] : []));
    const newest = dates.reduce<string | undefined>((latest, date) => (latest === undefined || Date.parse(date) > Date.parse(latest) ? date : latest), undefined);
    return { members, ...(newest ? { newest } : {}), modules: new Set(members.flatMap((position) => candidates[position]!.modules)) };
  });
  const blockedModules = new Set(candidates.flatMap((candidate) => (candidate.assigned ? candidate.modules : [])));
  const open = groups.filter((group) => group.members.every((position) => !candidates[position]!.assigned));

  const reasons = new Map<number, string>();
  let count = 0;
  const take = (group: Group, reason: string) => {
    for (const position of group.members) reasons.set(position, reason);
    count += group.members.length;
  };
  const isTaken = (group: Group) => reasons.has(group.members[0]!);

  // By time: the newest lineages, down to a cutoff; lineages sharing the cutoff's instant go too.
  const time = (group: Group) => Date.parse(group.newest!);
  const dated = open.filter((group) => group.newest).sort((a, b) => time(b) - time(a));
  let cutoff: Group | undefined;
  const takeByTime = (wanted: number) => {
    for (const group of dated) {
      if (isTaken(group)) continue;
      if (count >= wanted && (!cutoff || time(group) !== time(cutoff))) break;
      if (count + group.members.length > cap) continue;
      cutoff = group;
      take(group, BY_TIME);
    }
  };
  takeByTime(Math.ceil(target / 2));

  // By module: whole modules no assigned task touches, each with every lineage touching it.
  const heldModules: string[] = [];
  for (;;) {
    const remaining = target - count;
    if (remaining <= 0) break;
    let best: { module: string; groups: Group[]; size: number } | undefined;
    const candidatesModules = [...new Set(open.filter((group) => !isTaken(group)).flatMap((group) => [...group.modules]))].filter((module) => !blockedModules.has(module)).sort();
    for (const module of candidatesModules) {
      const touching = open.filter((group) => !isTaken(group) && group.modules.has(module));
      const size = touching.reduce((sum, group) => sum + group.members.length, 0);
      if (count + size > cap) continue;
      if (!best || Math.abs(remaining - size) < Math.abs(remaining - best.size)) best = { module, groups: touching, size };
    }
    // A module that overshoots by more than it fills is not worth its share; time fills the rest.
    if (!best || best.size - remaining > remaining) break;
    heldModules.push(best.module);
    for (const group of best.groups) take(group, describeModuleKey(best.module));
  }
  takeByTime(target);

  const modulesHeld = new Set(heldModules);
  const byTime = cutoff ? `newest commits (committed ${new Date(time(cutoff)).toISOString()} or later)` : "";
  const heldOut = [...reasons].map(([position, heldOutBy]) => ({
    taskId: candidates[position]!.id,
    heldOutBy: heldOutBy === BY_TIME ? byTime : heldOutBy,
    modules: candidates[position]!.modules.filter((module) => modulesHeld.has(module)),
  }));
  return { heldOut, ...(cutoff ? { cutoff: new Date(time(cutoff)).toISOString() } : {}), modules: heldModules, target };
}
