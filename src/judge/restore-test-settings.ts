import { basename } from "node:path";

export interface RestoreTestSettingsOptions {
  /** Repository-relative path of the file. */
  path: string;
  /** The file at the base commit; undefined when the patch created it. */
  base: string | undefined;
  /** The file as the patch left it. */
  patched: string;
}

export interface RestoredTestSettings {
  /** The patched file with its test settings as they were at the base commit. */
  text: string;
  /** Which settings were put back: `scripts.test`, `jest`, `[tool:pytest]`. */
  settings: string[];
}

/**
 * Puts back the test settings of a file that mixes them with everything else, keeping the rest of
 * the patch's edits (a new dependency is legitimate; a new `scripts.test` that runs nothing is
 * not). The settings: in `package.json`, the test scripts (`test`, `pretest`, `posttest`,
 * `test:*`) and the `jest`, `mocha`, `ava` and `tap` fields; in `pyproject.toml`, the
 * `[tool.pytest…]` tables; in `setup.cfg`, `[tool:pytest]`. Undefined when the file is none of
 * these, cannot be read as one (a broken package.json breaks the tests by itself), or no test
 * setting changed.
 */
export function restoreTestSettings({ path, base, patched }: RestoreTestSettingsOptions): RestoredTestSettings | undefined {
  const name = basename(path);
  if (name === "package.json") return restorePackageJson(base ?? "{}", patched);
  if (name === "pyproject.toml") return restoreSections(base ?? "", patched, (section) => /^tool\.pytest(?:\.|$)/.test(section));
  if (name === "setup.cfg") return restoreSections(base ?? "", patched, (section) => section === "tool:pytest");
  return undefined;
}

const PACKAGE_TEST_FIELDS = ["jest", "mocha", "ava", "tap"];
const isTestScript = (name: string) => /^(?:pre|post)?test(?::.*)?$/.test(name);

type JsonObject = Record<string, unknown>;

function restorePackageJson(baseText: string, patchedText: string): RestoredTestSettings | undefined {
  const before = parseObject(baseText);
  const after = parseObject(patchedText);
  if (!before || !after) return undefined;
  const result: JsonObject = { ...after };
  const settings: string[] = [];
  for (const field of PACKAGE_TEST_FIELDS) {
    if (same(before[field], after[field])) continue;
    put(result, field, before[field]);
    settings.push(field);
  }
  const beforeScripts = asObject(before.scripts) ?? {};
  const afterScripts = asObject(after.scripts) ?? {};
  const changed = [...new Set([...Object.keys(beforeScripts), ...Object.keys(afterScripts)])]
    .filter(isTestScript)
    .filter((script) => !same(beforeScripts[script], afterScripts[script]));
  if (changed.length > 0) {
    const scripts: JsonObject = { ...afterScripts };
    for (const script of changed) put(scripts, script, beforeScripts[script]);
    if (Object.keys(scripts).length === 0 && before.scripts === undefined) delete result.scripts;
    else result.scripts = scripts;
    settings.push(...changed.map((script) => `scripts.${script}`));
  }
  if (settings.length === 0) return undefined;
  const indent = /^([ \t]+)"/m.exec(patchedText)?.[1] ?? "  ";
  return { text: `${JSON.stringify(result, null, indent)}${patchedText.endsWith("\n") ? "\n" : ""}`, settings };
}

interface Section {
  /** The table's name, undefined for the lines before the first header. */
  name: string | undefined;
  lines: string[];
}

/** INI and TOML alike: a section runs from its `[header]` line to the next header. */
function restoreSections(baseText: string, patchedText: string, isTestSection: (name: string) => boolean): RestoredTestSettings | undefined {
  const isTest = (section: Section) => section.name !== undefined && isTestSection(section.name);
  const before = sectionsOf(baseText).filter(isTest);
  const after = sectionsOf(patchedText);
  const text = (sections: Section[]) => sections.map((section) => section.lines.join("\n").trimEnd()).join("\n");
  if (text(before) === text(after.filter(isTest))) return undefined;

  const firstTest = after.findIndex(isTest);
  const kept = after.filter((section) => !isTest(section));
  const at = firstTest === -1 ? kept.length : after.slice(0, firstTest).filter((section) => !isTest(section)).length;
  const result = [...kept.slice(0, at), ...before, ...kept.slice(at)];
  const settings = [...new Set([...before, ...after.filter(isTest)].map((section) => `[${section.name}]`))];
  const body = result.map((section) => section.lines.join("\n")).join("\n");
  return { text: patchedText.endsWith("\n") ? `${body}\n` : body, settings };
}

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:[#;].*)?$/;

function sectionsOf(text: string): Section[] {
  const lines = (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
  const sections: Section[] = [{ name: undefined, lines: [] }];
  for (const line of lines) {
    const header = HEADER.exec(line);
    if (header) sections.push({ name: header[1], lines: [line] });
    else sections.at(-1)!.lines.push(line);
  }
  return sections[0]!.lines.length === 0 ? sections.slice(1) : sections;
}

function parseObject(text: string): JsonObject | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Sets a field, or removes it when the base had none. */
function put(object: JsonObject, key: string, value: unknown) {
  if (value === undefined) delete object[key];
  else object[key] = value;
}
