import assert from "node:assert/strict";
import { test } from "node:test";
import { knownSecretValues, redactSecrets } from "./redact-secrets.js";
import { shannonEntropy } from "./secret-rules.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A deterministic random-looking string; tokens are assembled here so no scanner mistakes this file for a leak. */
function sample(length: number, alphabet = ALNUM): string {
  return Array.from({ length }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join("");
}

const redact = (text: string, knownSecrets: string[] = []) => redactSecrets({ text, knownSecrets });

test("each rule finds its secret and names itself in the replacement", () => {
  const cases: [string, string, string][] = [
    ["aws-access-key-id", `AWS_ACCESS_KEY_ID=${"AKIA"}IOSFODNN7EXAMPLE`, "AWS_ACCESS_KEY_ID=[REDACTED:aws-access-key-id]"],
    ["aws-secret-access-key", `aws_secret_access_key = ${"wJalrXUtnFEMI/K7MDENG/bPxRfiCY"}EXAMPLEKEY`, "aws_secret_access_key = [REDACTED:aws-secret-access-key]"],
    ["github-token", `remote: ${"ghp_"}${sample(36)} rejected`, "remote: [REDACTED:github-token] rejected"],
    ["github-token", `token ${"github_pat_"}${sample(22)}_${sample(59)}`, "token [REDACTED:github-token]"],
    ["gitlab-token", `${"glpat-"}${sample(20)}`, "[REDACTED:gitlab-token]"],
    ["openai-api-key", `key: ${"sk-proj-"}${sample(48)}`, "key: [REDACTED:openai-api-key]"],
    ["openai-api-key", `Authorization: Bearer ${"sk-"}${sample(48)}`, "Authorization: Bearer [REDACTED:openai-api-key]"],
    ["anthropic-api-key", `x-api-key: ${"sk-ant-api03-"}${sample(93)}AA`, "x-api-key: [REDACTED:anthropic-api-key]"],
    ["slack-token", `${"xoxb-"}123456789012-1234567890123-${sample(24)}`, "[REDACTED:slack-token]"],
    ["slack-webhook", `POST https://${"hooks.slack.com"}/services/T00000000/B00000000/${sample(24)}`, "POST [REDACTED:slack-webhook]"],
    ["stripe-key", `Stripe.api_key = ${"sk_live_"}${sample(24)}`, "Stripe.api_key = [REDACTED:stripe-key]"],
    ["stripe-key", `${"rk_live_"}${sample(24)}`, "[REDACTED:stripe-key]"],
    ["google-api-key", `maps?key=${"AIza"}${sample(35)}&x=1`, "maps?key=[REDACTED:google-api-key]&x=1"],
    ["npm-token", `//registry.npmjs.org/:_authToken=${"npm_"}${sample(36)}`, "//registry.npmjs.org/:_authToken=[REDACTED:npm-token]"],
    [
      "jwt",
      `Cookie: session=${"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"}.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U; path=/`,
      "Cookie: session=[REDACTED:jwt]; path=/",
    ],
    [
      "private-key",
      `key:\n-----BEGIN ${"RSA PRIVATE"} KEY-----\nProc-Type: 4,ENCRYPTED\nMIIEowIBAAKCAQEA${sample(60)}\n${sample(40)}==\n-----END RSA PRIVATE KEY-----\ndone`,
      "key:\n[REDACTED:private-key]\ndone",
    ],
    ["private-key", `-----BEGIN ${"OPENSSH PRIVATE"} KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA\\n-----END OPENSSH PRIVATE KEY-----`, "[REDACTED:private-key]"],
  ];
  for (const [rule, text, expected] of cases) {
    const result = redact(text);
    assert.equal(result.text, expected, rule);
    assert.deepEqual(result.redactions, [{ rule, count: 1 }], rule);
  }
});

test("generic assignments keep the key name and lose a random-looking value", () => {
  const base64 = sample(32);
  assert.ok(shannonEntropy(base64) >= 4.5);
  const cases: [string, string][] = [
    [`API_KEY="${base64}"`, 'API_KEY="[REDACTED:generic-secret]"'],
    [`export SERVICE_TOKEN=${base64}`, "export SERVICE_TOKEN=[REDACTED:generic-secret]"],
    [`{"client_secret": "${base64}"}`, '{"client_secret": "[REDACTED:generic-secret]"}'],
    [`db_password: 9f86d081884c7d659a2feaa0c55ad015`, "db_password: [REDACTED:generic-secret]"],
    [`credentials => '${base64}',`, "credentials => '[REDACTED:generic-secret]',"],
  ];
  for (const [text, expected] of cases) {
    assert.equal(redact(text).text, expected, text);
  }
  assert.deepEqual(redact(`a_token=${base64}\nb_secret=${base64}`).redactions, [{ rule: "generic-secret", count: 2 }]);
});

test("known secret values are replaced first, longest first, and short ones are left alone", () => {
  const apiKey = `local-${sample(20)}`;
  const result = redact(`using ${apiKey} for model; again ${apiKey}; pin 1234; ${apiKey}-suffix`, [apiKey, `${apiKey}-suffix`, "1234", ""]);
  assert.equal(result.text, "using [REDACTED:known-secret] for model; again [REDACTED:known-secret]; pin 1234; [REDACTED:known-secret]");
  assert.deepEqual(result.redactions, [{ rule: "known-secret", count: 3 }]);

  // A known value that also matches a rule is counted once, as known.
  const github = `${"ghp_"}${sample(36)}`;
  assert.deepEqual(redact(`GITHUB_TOKEN=${github}`, [github]).redactions, [{ rule: "known-secret", count: 1 }]);
});

test("ordinary code and tool output are left as they are", () => {
  const texts = [
    "token = getToken()",
    "password: string",
    'secret_key = os.environ["SECRET_KEY"]',
    "const apiKey = process.env.OPENAI_API_KEY;",
    "SECRET_KEY = settings.DJANGO_SECRET_KEY_FROM_ENVIRONMENT",
    "self.token = token_from_environment_variable",
    "tokenizer = AutoTokenizer.from_pretrained('bert-base-uncased')",
    "max_tokens = 4096",
    "def check_password(password: str, hashed: bytes) -> bool:",
    'password_hash_algorithm = "pbkdf2_sha256_iterations"',
    'token_id = "3b241101-e2bb-4255-8caf-4136c566a962"',
    "commit 3f2a9b7c1d4e5f60718293a4b5c6d7e8f9012345\nAuthor: Dev <dev@example.com>\n\n    Fix token refresh when the secret rotates\n",
    "tests/test_auth.py::test_password_reset_with_expired_token PASSED\ntests/test_tokens.py::test_secret_rotation_3f2a9b7c1d4e5f60 FAILED",
    '"integrity": "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUR8Pk/mVuTVNP8mJw=="',
    '<div class="sk-fading-circle-container-wrapper"></div>',
    "Authorization header missing: set the token with --token-file",
    "secret: [REDACTED:known-secret]",
  ];
  for (const text of texts) {
    const result = redact(text);
    assert.equal(result.text, text, text);
    assert.deepEqual(result.redactions, [], text);
  }
});

test("known secret values come from the named variables and secret-looking names", () => {
  const env = {
    OPENAI_BASE_KEYLESS: undefined,
    MY_MODEL_ENV: "model-key-value-123",
    GITHUB_TOKEN: "ghp_value_long_enough",
    DB_PASSWORD: "correct-horse",
    AWS_SECRET_ACCESS_KEY: "short",
    HF_TOKEN: "",
    GNOME_KEYRING_CONTROL: "/run/user/1000/keyring",
    PATH: "/usr/bin:/bin",
    HOME: "/home/agent",
    DUPLICATE_API_KEY: "model-key-value-123",
  };
  assert.deepEqual(knownSecretValues({ env, apiKeyEnvs: ["MY_MODEL_ENV", "MISSING_ENV"] }).sort(), ["correct-horse", "ghp_value_long_enough", "model-key-value-123"]);
});
