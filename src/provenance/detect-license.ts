import { identifyLicenseText } from "./identify-license-text.js";
import { spdxFromName } from "./spdx-from-name.js";

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
