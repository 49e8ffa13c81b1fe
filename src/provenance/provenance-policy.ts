import { Document, isMap, isScalar, isSeq } from "yaml";
import { z } from "zod";
import { loadPolicyFile } from "../schema/load-policy-file.js";
import { provenanceTier } from "../schema/records.js";
import { UserError } from "../user-error.js";
import { OPT_OUT_MARKERS } from "./opt-out-markers.js";

const NO_RATIONALE = "every entry needs a rationale: say why this tier";
const rationale = z.string({ error: NO_RATIONALE }).trim().min(1, NO_RATIONALE);
/** One pattern or a list of them; a bare string is read as a list of one. */
const patterns = z.preprocess((value) => (typeof value === "string" ? [value] : value), z.array(z.string().trim().min(1)).min(1, "name at least one pattern"));
const ruling = z.strictObject({ tier: provenanceTier, rationale });
const rule = <S extends z.ZodRawShape>(shape: S) => z.strictObject({ ...shape, tier: provenanceTier, rationale });

export const provenancePolicy = z.strictObject({
  /** Origin rules by `owner/name` glob, e.g. a company's own code; a match replaces the licence ruling. */
  repositories: z.array(rule({ match: patterns })),
  licenses: z.strictObject({
    /** SPDX ids or globs (`GPL-*`); the first entry naming a licence decides. */
    rules: z.array(rule({ spdx: patterns })),
    /** A licence was found but no rule names it. */
    unrecognized: ruling,
    /** No licence was found: under copyright law, all rights reserved. */
    none: ruling,
  }),
  /** Repository paths by glob (`**` crosses directories); applied on top of the origin ruling. */
  paths: z.array(rule({ match: patterns })),
  domains: z.strictObject({
    /** Hosts, or `*.example.org` for the domain and every subdomain. */
    rules: z.array(rule({ match: patterns })),
    unlisted: ruling,
  }),
  models: z.strictObject({
    /** `provider` globs the endpoint's host (with or without port); `model` globs the model name (default any). */
    rules: z.array(rule({ provider: patterns, model: z.string().trim().min(1).optional(), terms: z.string().trim().min(1) })),
    unlisted: ruling,
  }),
  human: ruling,
  datasets: z.strictObject({
    /** By dataset name; a dataset no rule names goes by its licence under licenses, else unlisted. */
    rules: z.array(rule({ match: patterns })),
    unlisted: ruling,
  }),
  optOut: z.strictObject({
    markers: z.array(z.enum(OPT_OUT_MARKERS)),
    /** Not configurable: an honoured opt-out that could be trained on would be no opt-out. */
    tier: z.literal("opaque"),
    rationale,
  }),
});

export type ProvenancePolicy = z.infer<typeof provenancePolicy>;

const PERMISSIVE = ["MIT", "MIT-0", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "0BSD", "Unlicense", "CC0-1.0", "Zlib", "BSL-1.0", "Python-2.0", "PSF-2.0", "X11", "UPL-1.0", "BlueOak-1.0.0", "NCSA", "PostgreSQL", "WTFPL", "CC-BY-3.0", "CC-BY-4.0"];

/** The built-in policy, used when the config names no policy file. */
export const DEFAULT_PROVENANCE_POLICY: ProvenancePolicy = {
  repositories: [],
  licenses: {
    rules: [
      { spdx: PERMISSIVE, tier: "transparent", rationale: "permissive licences allow copying and reuse with attribution, which the dataset card gives by listing repositories and licences" },
      { spdx: ["LGPL-*", "MPL-*", "EPL-*", "CDDL-*", "CC-BY-SA-*", "Artistic-*"], tier: "gray", rationale: "weak copyleft: verbatim copies in a dataset keep the file's share-alike terms; fine to train on internally, review before publishing" },
      { spdx: ["GPL-*", "AGPL-*", "EUPL-*", "OSL-*"], tier: "gray", rationale: "strong copyleft: copies of the code in a published dataset carry its terms, and whether a model trained on it is a derivative is unsettled; kept and flagged, not refused" },
      { spdx: ["CC-BY-NC*", "CC-BY-ND*", "BUSL-*", "SSPL-*", "Elastic-*", "PolyForm-*", "Commons-Clause"], tier: "opaque", rationale: "non-commercial, no-derivatives or source-available terms restrict exactly the uses a trained model is put to" },
    ],
    unrecognized: { tier: "gray", rationale: "a licence kaizen cannot name may grant anything or nothing: a human should read it and add it to licenses.rules" },
    none: { tier: "opaque", rationale: "code without a licence is all rights reserved; list code you own under repositories to make it transparent" },
  },
  paths: [
    {
      match: ["**/vendor/**", "**/vendored/**", "**/_vendor/**", "**/third_party/**", "**/third-party/**", "**/node_modules/**"],
      tier: "gray",
      rationale: "code copied in from other projects keeps its own licence, which the repository's licence detection does not read",
    },
  ],
  domains: {
    rules: [
      {
        match: ["docs.python.org", "peps.python.org", "developer.mozilla.org", "nodejs.org", "www.typescriptlang.org", "tc39.es", "docs.rs", "doc.rust-lang.org", "go.dev", "pkg.go.dev", "*.readthedocs.io", "www.rfc-editor.org", "datatracker.ietf.org", "*.w3.org", "*.whatwg.org"],
        tier: "transparent",
        rationale: "primary reference documentation and standards: versioned, attributed, and checkable against the code and specs they describe (seed 000 §1's transparent methodology)",
      },
      { match: ["*.stackoverflow.com", "*.stackexchange.com", "*.wikipedia.org"], tier: "gray", rationale: "community-written under CC BY-SA (attribution, share-alike) and unverified; useful, but its terms and accuracy need care" },
      { match: ["github.com", "raw.githubusercontent.com", "gist.github.com", "gitlab.com"], tier: "gray", rationale: "code and discussion under each repository's own licence, which a URL does not tell" },
    ],
    unlisted: {
      tier: "gray",
      rationale: "seed 000 §1: there is no agreed measure of a domain's epistemic transparency and blanket blocklists exclude unevenly (C4), so an unreviewed domain is neither trusted nor banned: kept, flagged in the dataset card, and listed for review",
    },
  },
  models: {
    rules: [
      { provider: ["*"], model: "*llama*", terms: "Meta Llama licence", tier: "gray", rationale: "Llama 2 forbids using outputs to improve other LLMs; Llama 3.x requires attribution and a Llama- name for models trained on them" },
      { provider: ["*"], model: "*gemma*", terms: "Gemma Terms of Use", tier: "gray", rationale: "a model trained on Gemma outputs counts as a Gemma model derivative, bound by its terms and use policy" },
      {
        provider: ["localhost", "127.*", "[::1]", "0.0.0.0", "host.docker.internal", "ollama", "vllm"],
        terms: "open weights served locally",
        tier: "transparent",
        rationale: "a local server (vLLM, llama.cpp, Ollama) runs open weights with no provider terms on outputs; add a rule for weights whose licence restricts outputs, and name a local proxy to a hosted API by the real provider",
      },
      { provider: ["api.openai.com"], terms: "OpenAI Terms of Use", tier: "gray", rationale: "the terms forbid using output to develop models that compete with OpenAI" },
      { provider: ["api.anthropic.com"], terms: "Anthropic Commercial Terms", tier: "gray", rationale: "the terms forbid using the services to build competing products, including training competing models" },
      { provider: ["generativelanguage.googleapis.com", "*aiplatform.googleapis.com"], terms: "Gemini API Additional Terms", tier: "gray", rationale: "the terms forbid using the services to develop models that compete with Gemini" },
      { provider: ["openrouter.ai"], terms: "the routed provider's terms", tier: "gray", rationale: "a router: the serving provider's terms apply and the record does not say which one served the call" },
    ],
    unlisted: { tier: "gray", rationale: "a provider whose terms this policy does not name: kept and flagged until someone reads them and adds a rule" },
  },
  human: { tier: "transparent", rationale: "written by the team running kaizen (statements, hints, labels): theirs to train on" },
  datasets: {
    rules: [{ match: ["swe-bench*"], tier: "gray", rationale: "SWE-bench statements are GitHub issues by third parties; the code keeps its repositories' licences" }],
    unlisted: { tier: "gray", rationale: "a dataset recorded without a licence: kept and flagged until its terms are known" },
  },
  optOut: {
    markers: [...OPT_OUT_MARKERS],
    tier: "opaque",
    rationale: "the owner fenced these files off from AI tools; like C2PA's data-mining assertion (seed 000 §2) that outranks any licence",
  },
};

export class ProvenancePolicyError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`provenance policy ${file}: ${problems.join("; ")}`, `fix ${file}, or start again from kaizen curate --print-policy > ${file}`);
  }
}

/** The policy in a YAML or JSON file, or the built-in default when no file is named. */
export function loadProvenancePolicy({ file }: { file?: string | undefined } = {}): ProvenancePolicy {
  if (file === undefined) return DEFAULT_PROVENANCE_POLICY;
  return loadPolicyFile({
    file,
    schema: provenancePolicy,
    defaults: DEFAULT_PROVENANCE_POLICY,
    labelOf: (entry) => {
      const label = entry.match ?? entry.spdx ?? entry.provider;
      return label === undefined || (Array.isArray(label) && label.length === 0) ? undefined : `for ${JSON.stringify(label)}`;
    },
    namedBy: "(provenance.policy in the config names it)",
    fail: (problems) => new ProvenancePolicyError(file, problems),
  });
}

const SECTION_NOTES: Record<keyof ProvenancePolicy, string> = {
  repositories: " Origin: owner/name globs (e.g. match: acme/*). A match replaces the licence ruling for that repository's files.\n Example: - { match: [acme/*], tier: transparent, rationale: our own code }",
  licenses: " SPDX ids or globs; the first rule naming a licence decides. An expression takes its most open choice (OR)\n and its strictest part (AND); `WITH` exceptions go by the licence they modify.",
  paths: " Repository paths (globs, ** crosses directories). A match counts on top of the origin ruling: the higher tier wins.",
  domains: " Retrieved pages, by host; *.example.org matches example.org and its subdomains. The first match decides.",
  models: " Model outputs, by the endpoint's host (provider, with or without :port) and model name. The first match decides.",
  human: " Text people wrote: task statements, hints, labels.",
  datasets: " Imported datasets by name; one no rule names goes by its licence under licenses, else unlisted.",
  optOut: " Markers a repository can carry to keep AI out. An honoured marker makes the file (or the whole repository) opaque,\n whatever the other rules say.",
};

/** The policy as a commented YAML file: the starting point for `provenance.policy`. */
export function provenancePolicyYaml(policy: ProvenancePolicy): string {
  const doc = new Document(policy);
  doc.commentBefore = [
    " kaizen provenance policy: which tier each source of a trajectory's context gets, and why.",
    "   transparent: train on it.  gray: may train on it, flagged in the dataset card (curate.gray: keep | mask | exclude).",
    "   opaque: never train on it (curate.opaque: exclude | mask).",
    " Precedence for a repository file: an opt-out marker in the repository at that commit makes it opaque, whatever else",
    " applies; otherwise the higher tier of the first matching paths rule and of the repository's origin (the first",
    " matching repositories rule, else its licence under licenses).",
    " Propagation: a step carries the highest tier of everything in its context so far (taint never decreases); a",
    " trajectory, the highest of its task and its steps. Every section is optional: a missing one takes these defaults.",
  ].join("\n");
  if (!isMap(doc.contents)) return String(doc);
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key)) continue;
    const section = String(pair.key.value) as keyof ProvenancePolicy;
    pair.key.spaceBefore = section !== "repositories";
    pair.key.commentBefore = SECTION_NOTES[section];
  }
  // Short pattern lists read best on one line.
  const flow = (node: unknown) => {
    if (isMap(node)) for (const item of node.items) {
      const key = isScalar(item.key) ? String(item.key.value) : "";
      if (isSeq(item.value) && ["match", "spdx", "provider", "markers"].includes(key)) item.value.flow = true;
      else flow(item.value);
    } else if (isSeq(node)) for (const item of node.items) flow(item);
  };
  flow(doc.contents);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
