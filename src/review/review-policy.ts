import { Document, isMap, isScalar, isSeq } from "yaml";
import { z } from "zod";
import { globToRegExp } from "../rollout/tools/glob-to-reg-exp.js";
import { loadPolicyFile } from "../schema/load-policy-file.js";
import { UserError } from "../user-error.js";

const NO_RATIONALE = "every entry needs a rationale: say why a human should look";
const rationale = z.string({ error: NO_RATIONALE }).trim().min(1, NO_RATIONALE);
/** One glob or a list of them; a bare string is read as a list of one. */
const patterns = z.preprocess((value) => (typeof value === "string" ? [value] : value), z.array(z.string().trim().min(1)).min(1, "name at least one pattern"));

export const reviewPolicy = z.strictObject({
  /** Repository paths by glob (`**` crosses directories); a patch touching one needs sign-off. */
  sensitivePaths: z.array(z.strictObject({ name: z.string().trim().min(1, "name the kind of path, e.g. CI configuration"), match: patterns, rationale })),
  /** A larger patch needs sign-off: files it touches, and added plus removed lines. */
  diff: z.strictObject({ maxFiles: z.number().int().positive(), maxLines: z.number().int().positive(), rationale }),
  /** Whether a patch the judge flagged for a reward hack needs sign-off even though it resolved the task. */
  hackFlags: z.strictObject({ signOff: z.boolean(), rationale }),
});

export type ReviewPolicy = z.infer<typeof reviewPolicy>;
export type SensitivePathRule = ReviewPolicy["sensitivePaths"][number];

/** The built-in policy, used when no --policy file is named. */
export const DEFAULT_REVIEW_POLICY: ReviewPolicy = {
  sensitivePaths: [
    {
      name: "auth and security code",
      match: [
        "**/{auth,authn,authz,authentication,authorization,oauth,security,permissions,acl,crypto,sessions}/**",
        "**/{auth,authn,authz,authentication,authorization,oauth,security,permissions,acl,crypto,session,sessions,login,password,passwords,jwt,csrf,cors}.*",
        "**/*{-,_,.}{auth,security,permissions}.*",
      ],
      rationale: "who may do what: a change that passes the tests can still open a hole, and security bugs are the class automated review misses most",
    },
    {
      name: "CI configuration",
      match: [".github/workflows/**", ".github/actions/**", ".gitlab-ci.yml", ".gitlab/**", "**/Jenkinsfile", ".circleci/**", ".travis.yml", "azure-pipelines.yml", "bitbucket-pipelines.yml", ".buildkite/**", ".ci/**"],
      rationale: "CI runs with the project's secrets and decides what ships; an agent's edit here can leak credentials or switch checks off",
    },
    {
      name: "database migrations",
      match: ["**/migrations/**", "**/migrate/**", "**/alembic/**", "**/*.sql", "**/schema.prisma"],
      rationale: "a migration changes data in place and is hard to undo; tests on an empty database say little about it",
    },
    {
      name: "dependency manifests and lockfiles",
      match: [
        "**/package.json",
        "**/{package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,bun.lockb}",
        "**/requirements*.txt",
        "**/{pyproject.toml,setup.py,setup.cfg,Pipfile,Pipfile.lock,poetry.lock,uv.lock}",
        "**/{go.mod,go.sum,Cargo.toml,Cargo.lock,Gemfile,Gemfile.lock,pom.xml}",
        "**/build.gradle*",
      ],
      rationale: "a new or changed dependency is supply-chain risk (hallucinated or squatted package names) that no test of the patch can see",
    },
    {
      name: "container images",
      match: ["**/Dockerfile", "**/Dockerfile.*", "**/*.dockerfile", "**/{docker-compose,compose}*.{yml,yaml}", "**/.dockerignore"],
      rationale: "what runs in production and with which privileges; base images and installs pull code from outside",
    },
    {
      name: "infrastructure",
      match: ["**/*.{tf,tfvars,hcl}", "**/{terraform,k8s,kubernetes,helm,charts,ansible,cloudformation,infra,deploy,deployment}/**", "**/Pulumi.*", "**/serverless.{yml,yaml}"],
      rationale: "infrastructure as code changes live systems, permissions and network exposure, beyond what the repository's tests reach",
    },
    {
      name: "secrets and credentials",
      match: ["**/.env", "**/.env.*", "**/*.{pem,key,p12,pfx,keystore,jks}", "**/id_{rsa,dsa,ecdsa,ed25519}*", "**/{secrets,credentials}/**", "**/*{secret,credential}*", "**/{.npmrc,.pypirc,.netrc}"],
      rationale: "agents commit keys and tokens; anything here may hold a credential that must not land in history",
    },
    {
      name: "build scripts",
      match: [
        "**/{Makefile,GNUmakefile,CMakeLists.txt,build.rs,Rakefile}",
        "**/*.mk",
        "**/build.{sh,js,mjs,cjs,ts,py}",
        "**/tsconfig*.json",
        "**/{webpack,rollup,vite,esbuild,babel}.config.*",
        "**/.babelrc*",
        ".husky/**",
        ".pre-commit-config.yaml",
      ],
      rationale: "build steps and hooks run on every developer's machine and in CI; the compiler settings decide what the type checker sees",
    },
    {
      name: "test and lint configuration",
      match: [
        "**/{jest,vitest,playwright,cypress,karma}.config.*",
        "**/vitest.workspace.*",
        "**/.mocharc*",
        "**/.nycrc*",
        "**/{pytest.ini,tox.ini,noxfile.py,conftest.py,.coveragerc}",
        "**/{.eslintrc*,eslint.config.*,.prettierrc*,ruff.toml,.ruff.toml,.flake8,mypy.ini}",
      ],
      rationale: "loosening the tests or linters is the easiest way to make a patch look good (seed 001's reward hacking): the checks must not be changed by what they check",
    },
    {
      name: "code ownership and repository rules",
      match: ["**/CODEOWNERS", ".github/dependabot.yml", ".gitmodules", ".gitattributes"],
      rationale: "who must approve what, and where code comes from; changing the rules of review is a review question",
    },
  ],
  diff: {
    maxFiles: 10,
    maxLines: 300,
    rationale: "review effort grows with size and large agent diffs hide unrelated changes; mined tasks are at most 5 files and 100 lines, so a resolving patch rarely needs more",
  },
  hackFlags: {
    signOff: true,
    rationale: "a patch the hack detectors flagged passed the tests by a route they distrust; a human decides whether it is a real fix",
  },
};

/** A patch's path that a sensitive-path rule names, and which rule. */
export interface SensitivePath {
  path: string;
  rule: string;
}

/** The paths a policy calls sensitive, each with the first rule naming it. */
export function sensitivePathsOf({ paths, policy }: { paths: string[]; policy: ReviewPolicy }): SensitivePath[] {
  const rules = policy.sensitivePaths.map((rule) => ({ name: rule.name, globs: rule.match.map((glob) => globToRegExp(glob)) }));
  return [...new Set(paths)].flatMap((path) => {
    const rule = rules.find((candidate) => candidate.globs.some((glob) => glob.test(path)));
    return rule ? [{ path, rule: rule.name }] : [];
  });
}

export class ReviewPolicyError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`review policy ${file}: ${problems.join("; ")}`, `fix ${file}, or start again from kaizen review --print-policy > ${file}`);
  }
}

/** The policy in a YAML or JSON file, or the built-in default when no file is named. */
export function loadReviewPolicy({ file }: { file?: string | undefined } = {}): ReviewPolicy {
  if (file === undefined) return DEFAULT_REVIEW_POLICY;
  return loadPolicyFile({
    file,
    schema: reviewPolicy,
    defaults: DEFAULT_REVIEW_POLICY,
    labelOf: (entry) => {
      const label = typeof entry.name === "string" && entry.name.trim() ? entry.name : entry.match;
      return label === undefined || (Array.isArray(label) && label.length === 0) ? undefined : JSON.stringify(label);
    },
    namedBy: "(--policy names it)",
    fail: (problems) => new ReviewPolicyError(file, problems),
  });
}

const SECTION_NOTES: Record<keyof ReviewPolicy, string> = {
  sensitivePaths: " Repository paths (globs: * stays in one folder, ** crosses folders, {a,b} either) that always need a human's\n sign-off when a patch adds, changes, renames or deletes them. A path takes the first entry that matches.",
  diff: " A patch touching more files, or changing more lines (added plus removed), than this needs sign-off.",
  hackFlags: " signOff: true sends a resolved patch the judge's hack detectors flagged to a human.",
};

/** The policy as a commented YAML file: the starting point for `kaizen review run --policy FILE`. */
export function reviewPolicyYaml(policy: ReviewPolicy): string {
  const doc = new Document(policy);
  doc.commentBefore = [
    " kaizen review policy: which resolved patches the auditor accepts on its own, and which wait for a human.",
    " A patch needs sign-off when a static check (tsc, eslint, ruff or pyflakes) finds a problem the patch introduced,",
    " it touches a sensitive path, it is larger than the diff limits, or (with hackFlags.signOff) the judge flagged it.",
    " Everything else is auto-accepted. Patches awaiting sign-off, and rejected ones, are left out of every export.",
    " Every section is optional: a missing one takes these defaults; a present one replaces the default whole.",
  ].join("\n");
  if (!isMap(doc.contents)) return String(doc);
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key)) continue;
    const section = String(pair.key.value) as keyof ReviewPolicy;
    pair.key.spaceBefore = section !== "sensitivePaths";
    pair.key.commentBefore = SECTION_NOTES[section];
  }
  // Pattern lists read best on one line.
  const flow = (node: unknown) => {
    if (isMap(node)) for (const item of node.items) {
      const key = isScalar(item.key) ? String(item.key.value) : "";
      if (isSeq(item.value) && key === "match") item.value.flow = true;
      else flow(item.value);
    } else if (isSeq(node)) for (const item of node.items) flow(item);
  };
  flow(doc.contents);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
