import { Parser, type Node } from "web-tree-sitter";
import { languageForPath, loadGrammar } from "../../code/load-grammar.js";

export interface SyntaxProblem {
  /** 1-based. */
  line: number;
  column: number;
  /** `unexpected "}"` or `missing ")"`. */
  description: string;
}

export interface FindSyntaxErrorOptions {
  /** Picks the grammar by extension. */
  path: string;
  source: string;
}

/**
 * The first syntax error tree-sitter finds in a source file, in document order; undefined when it
 * parses clean or is in a language kaizen does not parse (check `languageForPath` to tell them apart).
 */
export async function findSyntaxError({ path, source }: FindSyntaxErrorOptions): Promise<SyntaxProblem | undefined> {
  const language = languageForPath(path);
  if (!language) return undefined;
  // Loading the grammar initialises the tree-sitter runtime, which a Parser needs first.
  const grammar = await loadGrammar({ language });
  const parser = new Parser();
  try {
    parser.setLanguage(grammar);
    const tree = parser.parse(source);
    if (!tree) return undefined;
    try {
      return tree.rootNode.hasError ? firstProblem(tree.rootNode) : undefined;
    } finally {
      tree.delete();
    }
  } finally {
    parser.delete();
  }
}

function firstProblem(root: Node): SyntaxProblem | undefined {
  // Only subtrees that contain an error are opened; an explicit stack avoids deep recursion.
  const pending: Node[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.isMissing || node.isError) {
      const text = node.text.split("\n")[0]!.slice(0, 40);
      const description = node.isMissing ? `missing "${node.type}"` : text ? `unexpected "${text}"` : "unexpected end of input";
      return { line: node.startPosition.row + 1, column: node.startPosition.column + 1, description };
    }
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child && (child.hasError || child.isMissing)) pending.push(child);
    }
  }
  return undefined;
}
