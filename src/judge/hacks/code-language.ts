/** The languages whose source the detectors read, grouped by how they write comments and blocks. */
export type CodeLanguage = "python" | "js" | "go" | "rust" | "java" | "c" | "ruby" | "php" | "shell";

const EXTENSIONS: Record<string, CodeLanguage> = {
  py: "python",
  pyi: "python",
  pyx: "python",
  js: "js",
  jsx: "js",
  mjs: "js",
  cjs: "js",
  ts: "js",
  tsx: "js",
  mts: "js",
  cts: "js",
  vue: "js",
  svelte: "js",
  go: "go",
  rs: "rust",
  java: "java",
  kt: "java",
  kts: "java",
  scala: "java",
  groovy: "java",
  c: "c",
  h: "c",
  cc: "c",
  cpp: "c",
  cxx: "c",
  hpp: "c",
  cs: "c",
  swift: "c",
  rb: "ruby",
  php: "php",
  sh: "shell",
  bash: "shell",
};

/** The language of a source file by its extension; undefined for data, docs and config. */
export function codeLanguage(path: string): CodeLanguage | undefined {
  const name = path.split("/").at(-1) ?? "";
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return undefined;
  return EXTENSIONS[name.slice(dot + 1).toLowerCase()];
}

/** Languages whose line comments start with `#`. */
export function hashComments(language: CodeLanguage | undefined): boolean {
  return language === "python" || language === "ruby" || language === "shell";
}

/** A line that is only a comment (or a docstring-free continuation of a block comment). */
export function isCommentLine(text: string, language: CodeLanguage | undefined): boolean {
  const trimmed = text.trim();
  if (hashComments(language)) return trimmed.startsWith("#");
  return /^(?:\/\/|\/\*|\*|#!)/.test(trimmed) || (language === "php" && trimmed.startsWith("#"));
}

/** The line without a trailing comment; quotes are respected so `"a # b"` and `"http://x"` stay whole. */
export function stripLineComment(text: string, language: CodeLanguage | undefined): string {
  const hash = hashComments(language);
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === "\\") i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'" || char === "`") quote = char;
    else if (hash ? char === "#" : char === "/" && text[i + 1] === "/") return text.slice(0, i).trimEnd();
  }
  return text;
}
