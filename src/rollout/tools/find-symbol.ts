import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { extractSymbols, type SymbolDefinition } from "../../code/extract-symbols.js";
import { languageForPath } from "../../code/load-grammar.js";
import { symbolChange } from "../../schema/records.js";
import { defineTool } from "./define-tool.js";
import { listRepoFiles } from "./list-repo-files.js";
import { repoFileSource } from "./repo-file-source.js";

const MAX_RESULTS = 50;
/** Bigger files are generated or minified; they are not indexed. */
const MAX_FILE_BYTES = 1024 * 1024;

const parameters = z.strictObject({
  symbol_name: z.string().trim().min(1).describe("Name of the definition, plain (save) or qualified (UserService.save)"),
  kind: symbolChange.shape.kind.optional().describe("Only definitions of this kind"),
});

interface IndexedFile {
  mtimeMs: number;
  size: number;
  symbols: SymbolDefinition[];
}

/** Each file's symbols by absolute path, kept while its mtime and size stay the same. */
const index = new Map<string, IndexedFile>();

export const findSymbolTool = defineTool({
  id: "find_symbol",
  description: readFileSync(new URL("./find-symbol.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ symbol_name, kind }, context) {
    const query = symbol_name;
    const found: { path: string; symbol: SymbolDefinition }[] = [];
    const near = new Set<string>();
    for (const path of (await listRepoFiles(context.workspace)).filter((file) => languageForPath(file))) {
      for (const symbol of await symbolsOf(context.workspace, path)) {
        if (kind && symbol.kind !== kind) continue;
        const last = symbol.name.slice(symbol.name.lastIndexOf(".") + 1);
        if (last === query || symbol.name === query || symbol.name.endsWith(`.${query}`)) found.push({ path, symbol });
        else if (last.toLowerCase().includes(query.toLowerCase())) near.add(`${symbol.name} (${symbol.kind})`);
      }
    }

    const what = (count: number) => `${kind ? `${kind} ` : ""}definition${count === 1 ? "" : "s"} named ${query}`;
    if (found.length === 0) {
      const suggestions = [...near].slice(0, 10);
      const hint = suggestions.length > 0 ? `; similar names: ${suggestions.join(", ")}` : "; try repo_search for the text, or another spelling";
      return { output: `no ${what(0)}${hint}`, sources: [] };
    }
    const shown = found.slice(0, MAX_RESULTS);
    const lines = shown.map(({ path, symbol }) => `${path}:${symbol.startLine}-${symbol.endLine} ${symbol.kind} ${symbol.name}`);
    const more = found.length > shown.length ? `\n[… ${found.length - shown.length} more; add kind or qualify the name (Class.method)]` : "";
    return {
      output: `${found.length} ${what(found.length)}:\n${lines.join("\n")}${more}`,
      sources: shown.map(({ path }) => repoFileSource(context, path)),
    };
  },
});

async function symbolsOf(workspace: string, path: string): Promise<SymbolDefinition[]> {
  const absolute = join(workspace, path);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    return [];
  }
  if (!stats.isFile() || stats.size > MAX_FILE_BYTES) return [];
  const cached = index.get(absolute);
  if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached.symbols;
  const symbols = await extractSymbols({ path, source: readFileSync(absolute, "utf8") });
  index.set(absolute, { mtimeMs: stats.mtimeMs, size: stats.size, symbols });
  return symbols;
}
