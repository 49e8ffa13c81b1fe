import { SECRET_NAME } from "../../sandbox/allowed-env.js";
import { secretRules } from "./secret-rules.js";

export interface RedactSecretsOptions {
  text: string;
  /** Values known to be secret (API keys from the configuration and environment). */
  knownSecrets: readonly string[];
}

export interface Redactions {
  text: string;
  /** How many findings each rule replaced, in the order the rules ran; rules with none are left out. */
  redactions: { rule: string; count: number }[];
}

/** Shorter known values are not replaced: they would shred ordinary text. */
const MIN_KNOWN_LENGTH = 8;
const KNOWN_RULE = "known-secret";

/**
 * Replaces secrets in an observation with `[REDACTED:<rule>]` before it reaches the context or
 * the store: first the known values, then gitleaks-style rules (key formats, private keys, JWTs,
 * and `password = "…"`-style assignments whose value looks random; the key name is kept).
 */
export function redactSecrets(options: RedactSecretsOptions): Redactions {
  let text = options.text;
  const redactions: { rule: string; count: number }[] = [];
  const record = (rule: string, count: number) => {
    if (count > 0) redactions.push({ rule, count });
  };

  // Longest first, so a secret that contains another is replaced whole.
  const known = [...new Set(options.knownSecrets)].filter((value) => value.length >= MIN_KNOWN_LENGTH).sort((a, b) => b.length - a.length);
  let knownCount = 0;
  for (const value of known) {
    const parts = text.split(value);
    knownCount += parts.length - 1;
    text = parts.join(`[REDACTED:${KNOWN_RULE}]`);
  }
  record(KNOWN_RULE, knownCount);

  for (const rule of secretRules) {
    const lower = text.toLowerCase();
    if (!rule.keywords.some((keyword) => lower.includes(keyword))) continue;
    let count = 0;
    text = text.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
      const groups = rest.at(-1) as Record<string, string | undefined>;
      const secret = groups.secret ?? match;
      if (rule.accept && !rule.accept(secret)) return match;
      count++;
      return `${groups.prefix ?? ""}[REDACTED:${rule.id}]`;
    });
    record(rule.id, count);
  }
  return { text, redactions };
}

export interface KnownSecretValuesOptions {
  env: NodeJS.ProcessEnv;
  /** Variables the configuration names as holding model API keys. */
  apiKeyEnvs: readonly string[];
}

/**
 * The values to redact wherever they appear: the configured API key variables, and every
 * variable whose name looks secret (`*_KEY`, `*TOKEN*`, `*PASSWORD*` …). A name-matched value
 * that is a plain absolute path (`GNOME_KEYRING_CONTROL=/run/user/1000/keyring`) is not a secret
 * and is left out, so paths in output stay readable.
 */
export function knownSecretValues(options: KnownSecretValuesOptions): string[] {
  const { env, apiKeyEnvs } = options;
  const values = new Set<string>();
  const add = (value: string | undefined) => {
    if (value !== undefined && value.length >= MIN_KNOWN_LENGTH) values.add(value);
  };
  for (const name of apiKeyEnvs) add(env[name]);
  for (const [name, value] of Object.entries(env)) {
    if (SECRET_NAME.test(name) && !/^\/[\w./-]*$/.test(value ?? "")) add(value);
  }
  return [...values];
}
