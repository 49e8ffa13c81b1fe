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
