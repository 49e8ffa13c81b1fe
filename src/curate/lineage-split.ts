import { createHash } from "node:crypto";
import { languageForPath } from "../code/load-grammar.js";
import { moduleNameForPath } from "../code/module-name-for-path.js";
import type { Task, TaskSplit } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";

export type Split = TaskSplit["split"];

/** Where a task's trajectories go: a fixed side of the split, or nowhere because its lineage is on both. */
export type LineageAssignment =
  | { split: Split; lineage: string[]; contaminatedBy?: undefined }
  | {
      split: "contaminated";
      lineage: string[];
      /** A sentence naming the keys and tasks that tie it to both sides. */
      contaminatedBy: string;
      /** The side of the first assigned task it is tied to, for records that must name one. */
      nearest: Split;
    };

export interface AssignSplitsOptions {
  store: RunStore;
  /** Share of new lineages (connected groups of tasks) held out for evaluation. */
  evalShare: number;
  seed: number;
  now?: Date;
}

/** Function-level keys; a `module` symbol would tie every task touching the file. */
const LINEAGE_SYMBOL_KINDS = new Set(["function", "method", "class", "interface", "type", "variable"]);
const IMPOSSIBLE_SUFFIX = "-impossible";

/** The parts of a task its lineage is made of. */
export type LineageFields = Pick<Task, "id" | "repo" | "origin" | "sourceCommit"> & { scope: Pick<Task["scope"], "symbols"> };

/** The prefix of the keys that name a module held out for the private benchmark. */
export const MODULE_KEY_PREFIX = "module:";

/**
 * The keys that tie a task to others that must sit on the same side of the train/eval split:
 * `task:<id>` (its own, or its parent's for an impossible variant), the commit it was mined from
 * `commit:<repo>@<sha>`, and `function:<repo>:<file>:<name>` for each changed symbol.
 *
 * Injected bugs get no commit key: every bug injected in a repository is made at the same HEAD,
 * so that key would chain all of them (and any mined task from that commit) into one lineage and
 * the split would stop being a split. What they share with other tasks is the code they break, and
 * the function keys say that. An impossible task is its parent with one test contradicted, so it
 * takes its parent's keys; when the parent is gone its own copy of the parent's fields stands in,
 * commit included (tying too much only unbalances the split, tying too little leaks).
 */
export function lineageKeys({ task, parent }: { task: LineageFields; parent?: LineageFields | undefined }): string[] {
  if (task.origin === "impossible") {
    const source = parent ?? { ...task, id: parentId(task.id), origin: "commit" as const };
    return lineageKeys({ task: source });
  }
  const keys = new Set([`task:${task.id}`]);
  if (task.origin !== "injected" && task.sourceCommit) keys.add(`commit:${task.repo}@${task.sourceCommit}`);
  for (const symbol of task.scope.symbols) {
    if (LINEAGE_SYMBOL_KINDS.has(symbol.kind)) keys.add(`function:${task.repo}:${symbol.file}:${symbol.name}`);
  }
  return [...keys].sort();
}

/**
 * `module:<repo>:<module>` for each module the task's fix touches (src/money.ts → `money`, by
 * moduleNameForPath; a file of a language kaizen does not parse is its own module). These never
 * join lineages, since a module holds many unrelated functions; they only match tasks against the
 * modules held out whole for the private benchmark.
 */
export function moduleKeys({ task }: { task: Pick<Task, "repo"> & { scope: Pick<Task["scope"], "files"> } }): string[] {
  const keys = new Set<string>();
  for (const path of task.scope.files) {
    const language = languageForPath(path);
    keys.add(`${MODULE_KEY_PREFIX}${task.repo}:${language ? moduleNameForPath({ path, language }) : path}`);
  }
  return [...keys].sort();
}

/** `module:acme/ledger:money` → `module money (acme/ledger)`, as heldOutBy says it. */
export function describeModuleKey(key: string): string {
  const rest = key.slice(MODULE_KEY_PREFIX.length);
  const colon = rest.indexOf(":");
  return colon < 0 ? `module ${rest}` : `module ${rest.slice(colon + 1)} (${rest.slice(0, colon)})`;
}

/**
 * The connected groups of tasks (positions in `keys`) that share a lineage key, directly or
 * through other tasks; each group in order of its first task, members in order.
 */
export function lineageGroups({ keys }: { keys: string[][] }): number[][] {
  const components = new UnionFind(keys.length);
  const firstWithKey = new Map<string, number>();
  keys.forEach((taskKeys, position) => {
    for (const key of taskKeys) {
      const first = firstWithKey.get(key);
      if (first === undefined) firstWithKey.set(key, position);
      else components.union(first, position);
    }
  });
  const groups = new Map<number, number[]>();
  keys.forEach((_, position) => {
    const root = components.find(position);
    const group = groups.get(root);
    if (group) group.push(position);
    else groups.set(root, [position]);
  });
  return [...groups.values()];
}

/**
 * Decontamination: every task gets a side of the split, shared with every task its lineage keys
 * connect it to (union-find over shared keys), so no commit or function is seen in training and
 * evaluated on. A side once assigned is stored and never changes: a group holding assigned tasks
 * gives newcomers their side; a newcomer that would join tasks already on two sides is
 * contaminated (left out of every export, and not stored, so it is decided afresh each run); a
 * group of newcomers only goes to eval when a seeded hash of its smallest key falls under
 * `evalShare`, which keeps the choice stable as the run grows.
 *
 * The private benchmark (fixed by fixPrivateBenchmark) is the third side and is never chosen
 * here, only joined: newcomers tied to a benchmark task go to the benchmark, and so does a group
 * of newcomers touching a module the benchmark holds out whole (its tasks record the module as a
 * `module:` key). Tied to the benchmark and to train or eval, a newcomer is contaminated.
 */
export function assignSplits({ store, evalShare, seed, now = new Date() }: AssignSplitsOptions): Map<string, LineageAssignment> {
  const tasks = readTasks(store);
  const index = new Map(tasks.map((task, position) => [task.id, position]));
  const keysOf = tasks.map((task) =>
    lineageKeys({ task: task.record, parent: task.record.origin === "impossible" ? tasks[index.get(parentId(task.id)) ?? -1]?.record : undefined }),
  );
  const { stored, heldOutModules } = readStoredSplits(store);

  const assignments = new Map<string, LineageAssignment>();
  const newcomers: TaskSplit[] = [];
  for (const members of lineageGroups({ keys: keysOf })) {
    // The first member already on each side, and the first newcomer in a held-out module.
    const tie: Partial<Record<Split, number>> = {};
    let moduleTie: { position: number; key: string } | undefined;
    let smallestKey = keysOf[members[0]!]![0]!;
    for (const position of members) {
      for (const key of keysOf[position]!) if (key < smallestKey) smallestKey = key;
      const split = stored.get(tasks[position]!.id);
      if (split && tie[split] === undefined) tie[split] = position;
      const heldOut = split ? undefined : tasks[position]!.modules.find((key) => heldOutModules.has(key));
      if (heldOut && !moduleTie) moduleTie = { position, key: heldOut };
    }
    const sides = SIDES.filter((side) => tie[side] !== undefined || (side === "benchmark" && moduleTie));
    const side: Split | undefined = sides.length > 1 ? undefined : (sides[0] ?? (stableFraction(`${seed}:${smallestKey}`) < evalShare ? "eval" : "train"));

    for (const position of members) {
      const id = tasks[position]!.id;
      const lineage = keysOf[position]!;
      const fixed = stored.get(id);
      if (fixed) {
        assignments.set(id, { split: fixed, lineage });
      } else if (side === "benchmark") {
        const modules = tasks[position]!.modules.filter((key) => heldOutModules.has(key));
        const withModules = [...lineage, ...modules].sort();
        const heldOutBy =
          modules.length > 0
            ? `${describeModuleKey(modules[0]!)}, held out whole`
            : tie.benchmark !== undefined
              ? `lineage of benchmark task ${tasks[tie.benchmark]!.id}`
              : `lineage of task ${tasks[moduleTie!.position]!.id} in the held-out ${describeModuleKey(moduleTie!.key)}`;
        assignments.set(id, { split: side, lineage: withModules });
        newcomers.push({ taskId: id, split: side, heldOutBy, lineage: withModules, assignedAt: now.toISOString() });
      } else if (side) {
        assignments.set(id, { split: side, lineage });
        newcomers.push({ taskId: id, split: side, lineage, assignedAt: now.toISOString() });
      } else {
        const shared = (other: number) => lineage.filter((key) => keysOf[other]!.includes(key));
        const describe = (side: Split) => {
          const other = tie[side];
          if (other === undefined) return `the private benchmark's held-out ${describeModuleKey(moduleTie!.key)} (touched by task ${tasks[moduleTie!.position]!.id})`;
          const keys = shared(other);
          return keys.length > 0 ? `${side} task ${tasks[other]!.id} (shares ${keys.join(", ")})` : `${side} task ${tasks[other]!.id} (through other tasks of its lineage)`;
        };
        const positionOf = (side: Split) => tie[side] ?? moduleTie!.position;
        assignments.set(id, {
          split: "contaminated",
          lineage,
          contaminatedBy: `its lineage joins ${sides.map(describe).join(" and ")}`,
          nearest: sides.reduce((nearest, candidate) => (positionOf(candidate) < positionOf(nearest) ? candidate : nearest)),
        });
      }
    }
  }
  if (newcomers.length > 0) store.transaction(() => newcomers.forEach((split) => store.taskSplits.save(split)));
  return assignments;
}

const SIDES = ["train", "eval", "benchmark"] as const satisfies readonly Split[];

/** Every stored side, and the modules the private benchmark holds out whole. */
function readStoredSplits(store: RunStore): { stored: Map<string, Split>; heldOutModules: Set<string> } {
  const stored = new Map<string, Split>();
  const heldOutModules = new Set<string>();
  const rows = store.db.prepare<[], { task_id: string; split: Split; data: string | null }>(
    "SELECT task_id, split, CASE WHEN split = 'benchmark' THEN data END AS data FROM task_splits",
  );
  for (const row of rows.iterate()) {
    stored.set(row.task_id, row.split);
    if (row.data === null) continue;
    for (const key of (JSON.parse(row.data) as TaskSplit).lineage) if (key.startsWith(MODULE_KEY_PREFIX)) heldOutModules.add(key);
  }
  return { stored, heldOutModules };
}

/** `abc-impossible` → `abc`: makeImpossibleTask names the variant after its parent. */
function parentId(id: string): string {
  return id.endsWith(IMPOSSIBLE_SUFFIX) ? id.slice(0, -IMPOSSIBLE_SUFFIX.length) : id;
}

/** A number in [0, 1) that depends only on the text. */
export function stableFraction(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0) / 2 ** 32;
}

function readTasks(store: RunStore): { id: string; record: LineageFields; modules: string[] }[] {
  // Validated on write, so JSON.parse alone; rows are streamed and only the lineage fields kept,
  // since a large run's gold patches and validation logs need not all sit in memory at once.
  const tasks: { id: string; record: LineageFields; modules: string[] }[] = [];
  for (const row of store.db.prepare<[], { id: string; data: string }>("SELECT id, data FROM tasks ORDER BY id").iterate()) {
    const { repo, origin, sourceCommit, scope } = JSON.parse(row.data) as Task;
    tasks.push({ id: row.id, record: { id: row.id, repo, origin, sourceCommit, scope: { symbols: scope.symbols } }, modules: moduleKeys({ task: { repo, scope } }) });
  }
  return tasks;
}

class UnionFind {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size).map((_, index) => index);
  }

  find(item: number): number {
    let root = item;
    while (this.parent[root] !== root) root = this.parent[root]!;
    for (let next = item; this.parent[next] !== root; ) {
      const up = this.parent[next]!;
      this.parent[next] = root;
      next = up;
    }
    return root;
  }

  /** Joins two groups; the smaller root becomes the root, so a group's root is its first task. */
  union(a: number, b: number) {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  }
}
