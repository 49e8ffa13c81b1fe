/**
 * A gitleaks-style rule: a cheap keyword prefilter, then a pattern. The pattern's `secret` group
 * is what gets replaced; a `prefix` group (a key name, `=`, an opening quote) is kept.
 */
export interface SecretRule {
  id: string;
  /** Lower-case substrings, one of which must occur in the text for the pattern to run. */
  keywords: readonly string[];
  /** Global; has a named group `secret`, and optionally `prefix`. */
  pattern: RegExp;
  /** A last look at the candidate, e.g. its entropy; rejected candidates stay as they are. */
  accept?: (secret: string) => boolean;
}

/** Entropy thresholds of detect-secrets' high-entropy string plugins, in bits per character. */
const BASE64_ENTROPY = 4.5;
const HEX_ENTROPY = 3.0;

/** The rules, most specific first: a token that matches a named rule is labelled by it. */
export const secretRules: readonly SecretRule[] = [
  {
    id: "private-key",
    keywords: ["private key"],
    pattern:
      /(?<secret>-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=\s:,.\\]|-(?!----))*(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----)?)/g,
  },
  {
    id: "aws-access-key-id",
    keywords: ["akia", "asia", "abia", "acca", "a3t"],
    pattern: /\b(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g,
  },
  {
    id: "aws-secret-access-key",
    keywords: ["aws"],
    pattern: /(?<prefix>aws[\w.-]{0,20}?(?:secret|key)[\w.-]{0,20}?["']?\s*(?::=|=>|[:=])\s*["']?)(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    accept: (secret) => shannonEntropy(secret) >= 3.5,
  },
  {
    id: "github-token",
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
    pattern: /\b(?<secret>gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
  },
  { id: "gitlab-token", keywords: ["glpat-"], pattern: /\b(?<secret>glpat-[A-Za-z0-9_-]{20,})/g },
  { id: "anthropic-api-key", keywords: ["sk-ant-"], pattern: /(?<![\w-])(?<secret>sk-ant-[A-Za-z0-9_-]{20,})/g },
  {
    id: "openai-api-key",
    keywords: ["sk-"],
    pattern: /(?<![\w-])(?<secret>sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})/g,
    // Keys mix cases and digits; CSS classes like sk-fading-circle-animation do not.
    accept: (secret) => secret.includes("T3BlbkFJ") || (/[0-9]/.test(secret) && /[a-z]/.test(secret) && /[A-Z]/.test(secret)),
  },
  { id: "slack-token", keywords: ["xox"], pattern: /\b(?<secret>xox[abprse]-[A-Za-z0-9-]{10,})/g },
  {
    id: "slack-webhook",
    keywords: ["hooks.slack.com"],
    pattern: /(?<secret>(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,})/g,
  },
  { id: "stripe-key", keywords: ["_live_", "_test_", "_prod_"], pattern: /\b(?<secret>(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,99})\b/g },
  { id: "google-api-key", keywords: ["aiza"], pattern: /\b(?<secret>AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g },
  { id: "jwt", keywords: ["eyj"], pattern: /\b(?<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*)/g },
  { id: "npm-token", keywords: ["npm_"], pattern: /\b(?<secret>npm_[A-Za-z0-9]{36})\b/g },
  {
    // Key names start where a word starts and are bounded, so a long blob cannot make this quadratic.
    id: "generic-secret",
    keywords: ["api", "secret", "token", "passw", "credential"],
    pattern:
      /(?<prefix>(?<![\w.-])[\w.-]{0,40}?(?:api[_-]?key|secret|token|passw(?:or)?d|credential)s?[\w.-]{0,40}["']?\s*(?::=|=>|[:=])\s*["'`]?)(?<secret>[^\s"'`;,(){}[\]<>]{16,})/gi,
    accept: isHighEntropyValue,
  },
];

/**
 * A value that looks random rather than like code: only base64 or hex characters (so no
 * `os.environ[…]`, `getToken()`, `settings.SECRET`), and over detect-secrets' entropy limits.
 * Base64 values must also hold a digit, which long identifiers (`token_from_environment`) lack.
 */
function isHighEntropyValue(value: string): boolean {
  if (/^[0-9a-fA-F]+$/.test(value)) return shannonEntropy(value) >= HEX_ENTROPY;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(value) || !/[0-9]/.test(value)) return false;
  return shannonEntropy(value) >= BASE64_ENTROPY;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}
