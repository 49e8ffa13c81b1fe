/**
 * Values many rows carry unchanged (the tool definitions: ~15 KB on every SFT, KTO and DPO row)
 * are serialised once and their JSON text reused, instead of stringified again for every row; and
 * values whose text their producer assembles from cached parts (Harmony token ids) carry it.
 */
const shared = new WeakSet<object>();
const texts = new WeakMap<object, string>();

/**
 * Gives `value` the JSON text it serialises to, when its producer can make that text more cheaply
 * than JSON.stringify (from parts it serialised before). The producer vouches the two are equal.
 */
export function withJsonText<T extends object>(value: T, text: string): T {
  texts.set(value, text);
  return value;
}

/** Marks `value` as written in many rows unchanged, and freezes it (deeply) so it cannot drift from its text. */
export function shareJson<T extends object>(value: T): T {
  shared.add(deepFreeze(value));
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const field of Object.values(value)) deepFreeze(field);
  }
  return value;
}

/**
 * `JSON.stringify(row)`, field by field so shared values are copied as text: the same line, byte
 * for byte, as long as the row is plain data (no toJSON on the row itself).
 */
export function rowJson(row: Record<string, unknown>): string {
  let text = "";
  for (const key of Object.keys(row)) {
    const value = row[key];
    const json = typeof value === "object" && value !== null ? objectText(value) : JSON.stringify(value);
    // JSON.stringify leaves out fields whose value has no JSON form (undefined, functions, symbols).
    if (json === undefined) continue;
    text += `${text === "" ? "{" : ","}${JSON.stringify(key)}:${json}`;
  }
  return text === "" ? "{}" : `${text}}`;
}

function objectText(value: object): string {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    if (shared.has(value)) texts.set(value, text);
  }
  return text;
}
