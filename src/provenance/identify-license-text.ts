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
export function identifyLicenseText(text: string): string | undefined {
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
