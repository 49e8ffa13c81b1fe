/**
 * What a masked observation is replaced by, in the words of the paper's harness. Its own module so
 * exports can render masked turns without loading the tokenizer the context builder needs.
 */
export function maskedPlaceholder(content: string): string {
  return `Old environment output: (${lineCount(content)} lines omitted)`;
}

/** Lines in a tool output, not counting a final newline. */
export function lineCount(content: string): number {
  if (content === "") return 0;
  const lines = content.split("\n").length;
  return content.endsWith("\n") ? lines - 1 : lines;
}
