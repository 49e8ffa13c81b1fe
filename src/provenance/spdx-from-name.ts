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
export function spdxFromName(declared: string): { id: string; assumed?: string } | undefined {
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
export function canonicalExpression(text: string): string | undefined {
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
