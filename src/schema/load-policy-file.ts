import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { describeIssues } from "./describe-issues.js";

export interface LoadPolicyFileOptions<Shape extends z.ZodRawShape> {
  file: string;
  /** The policy's sections; a file may give any of them, and a missing one keeps its default. */
  schema: z.ZodObject<Shape>;
  defaults: z.infer<z.ZodObject<Shape>>;
  /** How a list entry is named in an error (`for ["GPL-*"]`, `"payments"`), so the user can find it; undefined when it has no name. */
  labelOf: (entry: Record<string, unknown>) => string | undefined;
  /** Why a missing file was expected to exist, e.g. "(--policy names it)". */
  namedBy: string;
  /** The policy's own error, built from the problems found. */
  fail: (problems: string[]) => Error;
}

/**
 * A policy read from YAML or JSON: every section optional (a present one replaces the default's
 * whole), each problem said with the list entry it is in. Provenance and review policies share it.
 */
export function loadPolicyFile<Shape extends z.ZodRawShape>(options: LoadPolicyFileOptions<Shape>): z.infer<z.ZodObject<Shape>> {
  const { file, schema, defaults } = options;
  if (!existsSync(file)) throw options.fail([`the file does not exist ${options.namedBy}`]);
  let raw: unknown;
  try {
    const text = readFileSync(file, "utf8");
    raw = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw options.fail([`cannot be parsed: ${(error as Error).message.split("\n")[0]}`]);
  }
  const parsed = schema.partial().strict().safeParse(raw ?? {});
  if (!parsed.success) throw options.fail(describeIssues(parsed.error).map((problem, index) => `${problem}${entryName(raw, parsed.error.issues[index]!.path, options.labelOf)}`));
  const given = parsed.data as Record<string, unknown>;
  return Object.fromEntries(Object.keys(schema.shape).map((key) => [key, given[key] ?? (defaults as Record<string, unknown>)[key]])) as z.infer<z.ZodObject<Shape>>;
}

/** ` (the entry for ["GPL-*"])`: which list entry a problem is in, by its label. */
function entryName(raw: unknown, path: readonly PropertyKey[], labelOf: (entry: Record<string, unknown>) => string | undefined): string {
  let value = raw;
  let named = "";
  for (const key of path) {
    if (value === null || typeof value !== "object") break;
    value = (value as Record<PropertyKey, unknown>)[key];
    if (typeof key === "number" && value && typeof value === "object") {
      const label = labelOf(value as Record<string, unknown>);
      if (label !== undefined) named = ` (the entry ${label})`;
    }
  }
  return named;
}
