import { countOf, listOf, type SignalFinding, type TrajectoryFacts } from "./trajectory-facts.js";

export type NavigationSignal = "navigation_efficiency" | "targeted_read" | "strategic_exploration" | "redundant_search";

/** Seed 002's navigation table: finding the code of the fix with few searches and targeted reads. */
export function navigationSignals({ calls, task, thresholds }: TrajectoryFacts): Record<NavigationSignal, SignalFinding> {
  const scope = new Set(task.scope.files);
  const scopeNames = listOf(task.scope.files);

  let navigation_efficiency: SignalFinding = { count: 0, evidence: `no file of the fix (${scopeNames}) was read or edited` };
  let searches = 0;
  for (const call of calls) {
    if (call.kind === "search") searches++;
    const found = [call.read?.path, ...call.edited].find((path) => path !== undefined && scope.has(path));
    if (!found) continue;
    const within = searches <= thresholds.maxSearches;
    navigation_efficiency = {
      count: within ? 1 : 0,
      evidence: `step ${call.step} ${call.read ? "read" : "edited"} ${found} after ${countOf(searches, "search", "searches")} (${within ? "within" : "over"} the ${thresholds.maxSearches} allowed)`,
    };
    break;
  }

  const firstRead = calls.find((call) => call.read && scope.has(call.read.path));
  const targeted = firstRead?.read && (firstRead.read.start !== undefined || firstRead.read.end !== undefined);
  const targeted_read: SignalFinding = !firstRead?.read
    ? { count: 0, evidence: `no file of the fix (${scopeNames}) was read` }
    : {
        count: targeted ? 1 : 0,
        evidence: `step ${firstRead.step} first read ${firstRead.read.path} ${targeted ? `with a line range (${firstRead.read.start ?? 1}-${firstRead.read.end ?? "…"})` : "whole, with no line range"}`,
      };

  const firstSearch = calls.find((call) => call.kind === "search");
  const firstLook = calls.find((call) => call.kind === "explore");
  const strategic = firstLook !== undefined && (firstSearch === undefined || firstLook.position < firstSearch.position);
  const strategic_exploration: SignalFinding = {
    count: strategic ? 1 : 0,
    evidence: strategic
      ? `step ${firstLook.step} ran ${firstLook.call.name} ${firstSearch ? `before the first search (step ${firstSearch.step})` : "and no search followed"}`
      : firstLook
        ? `the first search (step ${firstSearch!.step}) came before ${firstLook.call.name} (step ${firstLook.step})`
        : "no repo_tree or list_directory call",
  };

  // A search repeated after an edit may be checking the edit; only a repeat on unchanged files is waste.
  const seen = new Map<string, number>();
  const repeats: string[] = [];
  for (const call of calls) {
    if (call.edited.length > 0 || call.kind === "shell") seen.clear();
    if (call.kind !== "search") continue;
    const earlier = seen.get(call.key);
    if (earlier !== undefined) repeats.push(`step ${call.step} repeated ${call.key} from step ${earlier}`);
    else seen.set(call.key, call.step);
  }
  const redundant_search: SignalFinding = {
    count: repeats.length > 0 ? 1 : 0,
    evidence: repeats.length > 0 ? `${listOf(repeats)}, with nothing changed in between (counted once)` : "no search was repeated with the same arguments",
  };

  return { navigation_efficiency, targeted_read, strategic_exploration, redundant_search };
}
