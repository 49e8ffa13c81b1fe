import { languageForPath } from "../code/load-grammar.js";
import { moduleNameForPath } from "../code/module-name-for-path.js";
import type { Task } from "../schema/records.js";
import { isTestPath } from "../tasks/is-test-path.js";

/**
 * The modules a task's fix lives in, named as qualified symbol names begin (`src/money.ts` →
 * `money`), so a card's module doubles as an inject site prefix (`money.*`). Test files are left
 * out; a file kaizen cannot parse is named by its file stem, as the TypeScript rule would.
 */
export function taskModules(task: Task): string[] {
  const modules = task.scope.files
    .filter((path) => !isTestPath(path))
    .map((path) => moduleNameForPath({ path, language: languageForPath(path) ?? "typescript" }));
  return [...new Set(modules)].sort();
}

/** The task's gold files that belong to `module`. */
export function filesOfModule(task: Task, module: string): string[] {
  return task.scope.files.filter((path) => !isTestPath(path) && moduleNameForPath({ path, language: languageForPath(path) ?? "typescript" }) === module);
}
