import { pathsWritten } from "../../rollout/guards/paths-written.js";
import type { ShellCommand } from "./shell-commands.js";

export interface FileWritten {
  path: string;
  /** The command or construct that writes it, for evidence: `sed -i`, `>`, `cp`. */
  how: string;
}

const INLINE_WRITE = /\bopen\s*\([^)]*["'][wax]\+?b?["']|\.write_(?:text|bytes)\s*\(|\b(?:writeFileSync|appendFileSync|writeFile|appendFile|copyFileSync|renameSync|unlinkSync|rmSync)\s*\(|\bshutil\.(?:copy\w*|move|rmtree)\s*\(|\bos\.(?:replace|rename|remove|unlink)\s*\(/;
const INLINE_PATH = /["'`]([^"'`\n]*\/[^"'`\n]*)["'`]/g;

/**
 * The files a shell command writes, deletes or replaces: what `pathsWritten` finds (`sed -i`,
 * `cp`, `tee`, `mv`, `rm`…), output redirections, `patch` and archive extraction targets, `dd
 * of=`, and the quoted paths of inline programs that write files (`python -c "open(p, 'w')…"`).
 */
export function filesWritten(command: ShellCommand): FileWritten[] {
  const { name, args } = command;
  const written: FileWritten[] = pathsWritten(name, args).map((word) => ({ path: word.text, how: name === "sed" || name === "perl" ? `${name} -i` : name }));
  for (const redirect of command.redirects) {
    const writes = /^(?:>|>>|>\||&>|&>>|<>)$/.test(redirect.operator);
    const target = redirect.target.text;
    if (writes && !/^\/dev\/(?:null|std(?:out|err)|tty)$/.test(target)) written.push({ path: target, how: redirect.operator });
  }
  const texts = args.map((word) => word.text);
  if (name === "patch") {
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]!;
      if (/^(?:-d|--directory|-o|--output)$/.test(text)) written.push({ path: texts[++i] ?? "", how: "patch" });
      else if (/^--(?:directory|output)=/.test(text)) written.push({ path: text.slice(text.indexOf("=") + 1), how: "patch" });
      else if (!text.startsWith("-") && !/\.(?:diff|patch)$/.test(text)) written.push({ path: text, how: "patch" });
    }
  }
  if (name === "tar" || name === "unzip") {
    for (let i = 0; i < texts.length; i++) {
      if (/^(?:-C|-d|--directory)$/.test(texts[i]!)) written.push({ path: texts[i + 1] ?? "", how: name });
      else if (texts[i]!.startsWith("--directory=")) written.push({ path: texts[i]!.slice("--directory=".length), how: name });
    }
  }
  if (name === "dd") for (const text of texts) if (text.startsWith("of=")) written.push({ path: text.slice(3), how: "dd" });
  for (const program of command.programs) {
    if (!INLINE_WRITE.test(program)) continue;
    for (const match of program.matchAll(INLINE_PATH)) written.push({ path: match[1]!, how: `${name} program` });
  }
  return written.filter((file) => file.path !== "");
}
