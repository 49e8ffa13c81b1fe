export interface DetectLicenseOptions {
  /** Repository-relative paths, as `git ls-files` lists them. */
  files: readonly string[];
  /** A file's text, or undefined when it cannot be read. */
  read: (path: string) => string | undefined;
}

export interface DetectedLicense {
  /** An SPDX id or expression (`MIT`, `MIT OR Apache-2.0`); absent when nothing was recognised. */
  spdx?: string;
  /** The file the answer came from. */
  file?: string;
  /** What was found, in words, for the record. */
  evidence: string;
}

/** Root licence files, most authoritative first: LICENSE, the LGPL's COPYING.LESSER over its COPYING, then variants. */
const LICENSE_FILES: readonly RegExp[] = [
  /^LICEN[CS]E(?:\.(?:md|txt|rst))?$/i,
  /^COPYING\.(?:LESSER|LIB)(?:\.(?:md|txt))?$/i,
  /^COPYING(?:\.(?:md|txt|rst))?$/i,
  /^UNLICEN[CS]E(?:\.(?:md|txt))?$/i,
  /^(?:LICEN[CS]E|COPYING)[-._][\w.-]+$/i,
];
/** Files holding the project's whole licence; variants (LICENSE-MIT, LICENSE-APACHE) may be one of several. */
const VARIANT = 4;

/**
 * The repository's licence: from a licence file at the root (by its text), else from what the
 * package metadata declares (package.json, pyproject.toml, setup.cfg, Cargo.toml).
 */
export function detectLicense(options: DetectLicenseOptions): DetectedLicense {
  const { files, read } = options;
  const root = new Set(files.filter((path) => !path.includes("/")));
  const candidates = LICENSE_FILES.flatMap((pattern, rank) =>
    [...root].filter((path) => pattern.test(path) && LICENSE_FILES.findIndex((other) => other.test(path)) === rank).sort().map((path) => ({ path, rank })),
  );

  const identified: { path: string; rank: number; spdx: string }[] = [];
  for (const candidate of candidates) {
    const text = read(candidate.path);
    const spdx = text === undefined ? undefined : identifyLicenseText(text);
    if (spdx) identified.push({ ...candidate, spdx });
  }
  const [first] = identified;
  const declared = declaredLicense(root, read);

  if (first && first.rank < VARIANT) return { spdx: first.spdx, file: first.path, evidence: `${first.path}: text matches ${first.spdx}` };
  if (first) {
    const licences = [...new Set(identified.map((entry) => entry.spdx))];
    if (licences.length === 1) return { spdx: first.spdx, file: first.path, evidence: `${first.path}: text matches ${first.spdx}` };
    if (declared?.spdx) return declared;
    const names = identified.map((entry) => `${entry.path} (${entry.spdx})`).join(", ");
    return { spdx: licences.join(" OR "), file: first.path, evidence: `several licence files, read as a choice: ${names}` };
  }
  if (declared) return declared;
  const unread = candidates[0];
  if (unread) return { file: unread.path, evidence: `${unread.path}: text matches no known licence` };
  return { evidence: "no licence file at the repository root and no licence in the package metadata" };
}

/** The licence the package metadata declares, in the order npm, Python, Rust. */
function declaredLicense(root: ReadonlySet<string>, read: (path: string) => string | undefined): DetectedLicense | undefined {
  const fromName = (file: string, declared: string): DetectedLicense => {
    const spdx = spdxFromName(declared);
    return spdx
      ? { spdx: spdx.id, file, evidence: `${file} declares ${JSON.stringify(declared)}${spdx.assumed ? `, ${spdx.assumed}` : ""}` }
      : { file, evidence: `${file} declares ${JSON.stringify(declared)}, which is not a recognised licence` };
  };
  const fromFile = (file: string, licenseFile: string): DetectedLicense | undefined => {
    const text = read(licenseFile.replace(/^\.\//, ""));
    const spdx = text === undefined ? undefined : identifyLicenseText(text);
    return spdx ? { spdx, file: licenseFile, evidence: `${file} points to ${licenseFile}, whose text matches ${spdx}` } : undefined;
  };

  if (root.has("package.json")) {
    const declared = packageJsonLicense(read("package.json"));
    const pointer = declared && /^SEE LICEN[CS]E IN (.+)$/i.exec(declared)?.[1];
    if (pointer) return fromFile("package.json", pointer.trim());
    if (declared) return fromName("package.json", declared);
  }
  if (root.has("pyproject.toml")) {
    const text = read("pyproject.toml") ?? "";
    const value = tomlValue(text, ["project", "tool.poetry"], "license");
    const table = value && /^\{(.*)\}$/s.exec(value)?.[1];
    if (table) {
      const file = /\bfile\s*=\s*["']([^"']+)["']/.exec(table)?.[1];
      const inline = /\btext\s*=\s*["']([^"']+)["']/.exec(table)?.[1];
      if (file) {
        const found = fromFile("pyproject.toml", file);
        if (found) return found;
      }
      if (inline) return fromName("pyproject.toml", inline);
    } else if (value) return fromName("pyproject.toml", unquote(value));
    const classifier = licenseClassifier(text);
    if (classifier) return fromName("pyproject.toml", classifier);
  }
  if (root.has("setup.cfg")) {
    const text = read("setup.cfg") ?? "";
    const value = iniValue(text, "metadata", "license");
    if (value) return fromName("setup.cfg", value);
    const classifier = licenseClassifier(text);
    if (classifier) return fromName("setup.cfg", classifier);
  }
  if (root.has("Cargo.toml")) {
    const text = read("Cargo.toml") ?? "";
    const value = tomlValue(text, ["package", "workspace.package"], "license");
    if (value) return fromName("Cargo.toml", unquote(value));
    const file = tomlValue(text, ["package"], "license-file");
    if (file) return fromFile("Cargo.toml", unquote(file));
  }
  return undefined;
}

function packageJsonLicense(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof manifest !== "object" || manifest === null) return undefined;
  const { license, licenses } = manifest as { license?: unknown; licenses?: unknown };
  if (typeof license === "string" && license.trim()) return license.trim();
  // The deprecated forms: { type: "MIT" } and [{ type: "MIT" }, …].
  const typeOf = (entry: unknown) => (typeof entry === "object" && entry !== null && typeof (entry as { type?: unknown }).type === "string" ? (entry as { type: string }).type : undefined);
  if (typeOf(license)) return typeOf(license);
  if (Array.isArray(licenses)) {
    const types = licenses.map(typeOf).filter((type): type is string => type !== undefined);
    if (types.length > 0) return types.join(" OR ");
  }
  return undefined;
}

/** A key's raw value in one of the named TOML tables (enough TOML for a licence line). */
function tomlValue(text: string, tables: readonly string[], key: string): string | undefined {
  let table = "";
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*(?:#.*)?$/.exec(line);
    if (header) {
      table = header[1]!.trim();
      continue;
    }
    const entry = new RegExp(`^\\s*${key.replace(/-/g, "\\-")}\\s*=\\s*(.+?)\\s*(?:#[^"']*)?$`).exec(line);
    if (entry && tables.includes(table)) return entry[1];
  }
  return undefined;
}

function iniValue(text: string, section: string, key: string): string | undefined {
  let current = "";
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) current = header[1]!.trim();
    else if (current === section) {
      const entry = new RegExp(`^${key}\\s*[=:]\\s*(.*\\S)\\s*$`).exec(line);
      if (entry) return entry[1];
    }
  }
  return undefined;
}

function licenseClassifier(text: string): string | undefined {
  return /License :: (?:OSI Approved :: )?([^"'\n]+?)\s*["',\n]/.exec(text)?.[1];
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/s, "$2").trim();
}

const PERMISSIVE = new Set(
  ["MIT", "MIT-0", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "0BSD", "Unlicense", "CC0-1.0", "Zlib", "BSL-1.0", "Python-2.0", "PSF-2.0", "X11", "UPL-1.0", "BlueOak-1.0.0", "NCSA", "PostgreSQL", "WTFPL"].map((id) =>
    id.toLowerCase(),
  ),
);

/**
 * True when the licence lets its text be used for training without copyleft terms: MIT, Apache,
 * BSD, ISC, public-domain dedications and the like. An expression is permissive when some choice
 * it offers (`OR`) is made only of permissive licences (`AND`).
 */
export function isPermissive(spdx: string | undefined): boolean {
  if (!spdx) return false;
  const tokens = spdx.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  const anyOf = (): boolean => {
    let result = allOf();
    while (tokens[at]?.toUpperCase() === "OR") {
      at++;
      result = allOf() || result;
    }
    return result;
  };
  const allOf = (): boolean => {
    let result = single();
    while (tokens[at]?.toUpperCase() === "AND") {
      at++;
      result = single() && result;
    }
    return result;
  };
  const single = (): boolean => {
    const token = tokens[at++];
    if (token === "(") {
      const inner = anyOf();
      if (tokens[at] === ")") at++;
      return inner;
    }
    // An exception only adds permissions: `Apache-2.0 WITH LLVM-exception` is Apache-2.0.
    if (tokens[at]?.toUpperCase() === "WITH") at += 2;
    return token !== undefined && PERMISSIVE.has(token.replace(/\+$/, "").toLowerCase());
  };
  const result = anyOf();
  return result && at === tokens.length;
}

// ── Recognising licence texts ─────────────────────────────────────────────────────────────

interface Recognizer {
  /** Finds the licence's signature in normalised text; returns where it starts and its SPDX id. */
  find(text: string): { at: number; spdx: string } | undefined;
}

const GNU_FAMILY = /gnu (affero |lesser |library )?general public license/;
const BSD_GRANT = "redistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met";
const ISC_GRANT = /permission to use, copy, modify, (?:and\/or |and )distribute this software for any purpose with or without fee is hereby granted(, provided that)?/;
const MIT_GRANT = "permission is hereby granted, free of charge, to any person obtaining a copy";

const RECOGNIZERS: readonly Recognizer[] = [
  {
    // The first GNU licence named decides: a GPL text itself mentions the LGPL near its end.
    find(text) {
      const match = GNU_FAMILY.exec(text);
      if (!match) return undefined;
      const version = /version (\d(?:\.\d)?)/.exec(text.slice(match.index, match.index + 300))?.[1];
      const family = match[1]?.trim();
      const spdx =
        family === "affero" ? "AGPL-3.0"
        : family === "lesser" ? (version === "2.1" ? "LGPL-2.1" : version?.startsWith("3") ? "LGPL-3.0" : undefined)
        : family === "library" ? "LGPL-2.0"
        : version?.startsWith("2") ? "GPL-2.0"
        : version?.startsWith("3") ? "GPL-3.0"
        : undefined;
      return spdx ? { at: match.index, spdx } : undefined;
    },
  },
  literal(/mozilla public license,? (?:version |v\.? ?)?2\.0/, "MPL-2.0"),
  literal(/apache license,? (?:version |v\.? ?)?2\.0/, "Apache-2.0"),
  literal(/this is free and unencumbered software released into the public domain/, "Unlicense"),
  literal(/cc0 1\.0 universal|creative commons zero|creative commons legal code\s+cc0/, "CC0-1.0"),
  {
    find(text) {
      const at = text.indexOf(BSD_GRANT);
      if (at < 0) return undefined;
      const rest = text.slice(at);
      if (rest.includes("all advertising materials mentioning")) return { at, spdx: "BSD-4-Clause" };
      const endorse = rest.includes("neither the name of") || rest.includes("may be used to endorse or promote");
      return { at, spdx: endorse ? "BSD-3-Clause" : "BSD-2-Clause" };
    },
  },
  {
    find(text) {
      const match = ISC_GRANT.exec(text);
      return match ? { at: match.index, spdx: match[1] ? "ISC" : "0BSD" } : undefined;
    },
  },
  {
    find(text) {
      const at = text.indexOf(MIT_GRANT);
      if (at >= 0) return { at, spdx: text.includes("the above copyright notice and this permission notice shall be included", at) ? "MIT" : "MIT-0" };
      // A file that only says "MIT License" and the copyright line.
      return /^(?:the )?mit license\b/.test(text) ? { at: 0, spdx: "MIT" } : undefined;
    },
  },
];

function literal(pattern: RegExp, spdx: string): Recognizer {
  return {
    find(text) {
      const match = pattern.exec(text);
      return match ? { at: match.index, spdx } : undefined;
    },
  };
}

/**
 * The SPDX id of a licence text, by its signature sentences: the grant of MIT, ISC or BSD, the
 * title and version of the GNU, Apache and Mozilla licences. When a file holds several (a
 * project licence followed by third-party notices) the one that starts first wins.
 */
function identifyLicenseText(text: string): string | undefined {
  const normalized = text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/(?:^|\n)[ \t]*(?:#|\/\/|\*|;|--)+/g, "\n")
    .replace(/[\s*#>_]+/g, " ")
    .trim();
  let best: { at: number; spdx: string } | undefined;
  for (const recognizer of RECOGNIZERS) {
    const found = recognizer.find(normalized);
    if (found && (!best || found.at < best.at)) best = found;
  }
  return best?.spdx;
}

// ── Recognising declared licence names ────────────────────────────────────────────────────

/** SPDX ids kaizen recognises in a declared expression, by lower-case spelling. */
const KNOWN_IDS = new Map(
  [
    "MIT", "MIT-0", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "BSD-4-Clause", "ISC", "0BSD", "MPL-2.0",
    "GPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0", "GPL-3.0-only", "GPL-3.0-or-later",
    "LGPL-2.0", "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1", "LGPL-2.1-only", "LGPL-2.1-or-later",
    "LGPL-3.0", "LGPL-3.0-only", "LGPL-3.0-or-later", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later",
    "Unlicense", "CC0-1.0", "Zlib", "BSL-1.0", "Python-2.0", "PSF-2.0", "EPL-1.0", "EPL-2.0", "Artistic-2.0",
    "CDDL-1.0", "UPL-1.0", "BlueOak-1.0.0", "WTFPL", "X11", "NCSA", "PostgreSQL", "CC-BY-4.0", "CC-BY-SA-4.0",
  ].map((id) => [id.toLowerCase(), id] as const),
);

/** Common names for licences, as package metadata and trove classifiers spell them. */
const NAMES: readonly [RegExp, string, string?][] = [
  [/^unlicensed$/i, ""],
  [/^(?:the )?(?:mit|expat)(?: license)?$/i, "MIT"],
  [/^apache(?: software)?(?: license)?,?(?: (?:version |v)?2(?:\.0)?)?$/i, "Apache-2.0"],
  [/^(?:new|modified|revised) bsd(?: license)?$|^bsd[ -]?3[ -]?clause(?: license)?$|^3[ -]clause bsd(?: license)?$/i, "BSD-3-Clause"],
  [/^(?:simplified|freebsd) bsd(?: license)?$|^bsd[ -]?2[ -]?clause(?: license)?$|^2[ -]clause bsd(?: license)?$/i, "BSD-2-Clause"],
  [/^bsd(?: license)?$/i, "BSD-3-Clause", "a BSD licence without a clause count, read as BSD-3-Clause"],
  [/^isc(?: license)?(?: \(iscl\))?$/i, "ISC"],
  [/^(?:mozilla public license|mpl)[ ,]*(?:version |v)?2(?:\.0)?$/i, "MPL-2.0"],
  [/^(?:the )?unlicense$/i, "Unlicense"],
  [/^(?:cc0|cc0 1\.0(?: universal)?|cc0 1\.0 universal \(cc0 1\.0\) public domain dedication)$/i, "CC0-1.0"],
  [/^(?:zero[- ]clause bsd|bsd zero clause(?: license)?)$/i, "0BSD"],
];

const GNU = /^(?:gnu )?(affero |lesser |library )?(?:general public license|(a|l)?gpl)[ ,]*(?:v|version )?([23](?:\.\d)?)?(\+| or later| or any later version)?(?: \((?:a|l)?gplv?[23](?:\.\d)?\+?\))?$/i;

/**
 * The SPDX id for a declared licence: an SPDX expression of known ids as it stands (`MIT OR
 * Apache-2.0`), or a common name (`Apache Software License`, `GNU General Public License v3`).
 * `assumed` says when the name was ambiguous and a reading was chosen.
 */
function spdxFromName(declared: string): { id: string; assumed?: string } | undefined {
  const name = declared.trim().replace(/\s+/g, " ");
  // `MIT/Apache-2.0` is the old Cargo spelling of a choice.
  const expression = canonicalExpression(name) ?? canonicalExpression(name.replace(/\s*\/\s*/g, " OR "));
  if (expression) return { id: expression };
  for (const [pattern, id, assumed] of NAMES) {
    if (pattern.test(name)) return id ? { id, ...(assumed ? { assumed } : {}) } : undefined;
  }
  const gnu = GNU.exec(name);
  if (gnu) {
    const family = (gnu[1]?.trim() ?? gnu[2] ?? "").toLowerCase();
    const version = gnu[3];
    if (family === "affero" || family === "a") return { id: "AGPL-3.0" };
    if (family === "library") return { id: "LGPL-2.0" };
    if (family === "lesser" || family === "l") return version === "2.1" ? { id: "LGPL-2.1" } : version?.startsWith("3") ? { id: "LGPL-3.0" } : undefined;
    return version?.startsWith("2") ? { id: "GPL-2.0" } : version?.startsWith("3") ? { id: "GPL-3.0" } : undefined;
  }
  return undefined;
}

/** The expression with each id in its canonical spelling, or undefined when any id is unknown. */
function canonicalExpression(text: string): string | undefined {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  if (tokens.length === 0) return undefined;
  const canonical: string[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const upper = token.toUpperCase();
    if (token === "(" || token === ")" || upper === "OR" || upper === "AND") canonical.push(token === "(" || token === ")" ? token : upper);
    else if (upper === "WITH") {
      const exception = tokens[++index];
      if (!exception) return undefined;
      canonical.push("WITH", exception);
    } else {
      const id = KNOWN_IDS.get(token.replace(/\+$/, "").toLowerCase());
      if (!id) return undefined;
      canonical.push(token.endsWith("+") ? `${id}+` : id);
    }
  }
  return canonical.join(" ").replace(/\( /g, "(").replace(/ \)/g, ")");
}
