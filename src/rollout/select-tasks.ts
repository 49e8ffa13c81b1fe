import type { Task } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { UserError } from "../user-error.js";

/**
 * The tasks a filter names: comma-separated terms, each `origin:injected`, `repo:owner/name`,
 * `language:python`, or a task id where `*` matches anything. A task is chosen when it matches any
 * id term and every field term. No filter means every task.
 */
export function selectTasks({ store, filter }: { store: RunStore; filter?: string | undefined }): Task[] {
  const tasks = store.tasks.list();
  if (!filter?.trim()) return tasks;
  const terms = filter.split(",").map((term) => term.trim()).filter(Boolean);
  const fields: [string, string][] = [];
  const ids: RegExp[] = [];
  for (const term of terms) {
    const field = /^(origin|repo|language|kind):(.+)$/.exec(term);
    if (field) fields.push([field[1]!, field[2]!]);
    else if (/^\w+:/.test(term) && !term.includes("/") && !term.includes("*")) {
      throw new UserError(`unknown task filter "${term}"`, "use origin:, repo:, language:, kind: or task ids (with * as a wildcard), comma-separated");
    } else ids.push(new RegExp(`^${term.split("*").map(escape).join(".*")}$`));
  }
  const chosen = tasks.filter((task) => {
    const value = (name: string) => (name === "origin" ? task.origin : name === "repo" ? task.repo : name === "language" ? task.labels.language : task.labels.kind);
    return fields.every(([name, wanted]) => value(name) === wanted) && (ids.length === 0 || ids.some((id) => id.test(task.id)));
  });
  if (chosen.length === 0) throw new UserError(`no task matches "${filter}" (${tasks.length} tasks in this run store)`, "kaizen tasks list shows the task ids");
  return chosen;
}

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
