import type { ShellWord } from "./parse-shell-command.js";

/** Per command: short options that take the next word as their value. */
const VALUE_OPTIONS: Record<string, string> = {
  tee: "",
  cp: "tS",
  mv: "tS",
  ln: "tS",
  install: "tmogS",
  rsync: "efBT",
  touch: "dtr",
  truncate: "sr",
  mkdir: "m",
  rmdir: "",
  unlink: "",
  shred: "nsu",
  rm: "",
  chmod: "",
  chown: "",
  chgrp: "",
  chattr: "pv",
  setfacl: "mMxX",
};
/** Commands that write only their destination: the last path, or the `-t` directory. */
const COPIES = new Set(["cp", "ln", "install", "rsync"]);

/**
 * The paths a file command writes, deletes or changes: every operand of `tee`, `touch`, `mv`,
 * `chmod`…, the destination of `cp`, `ln`, `install` and `rsync`, and the files of an in-place
 * `sed -i` or `perl -i`. Empty for commands that write no named path.
 */
export function pathsWritten(name: string, args: readonly ShellWord[]): ShellWord[] {
  if (name === "sed" || name === "perl") return inPlaceFiles(name, args);
  const values = VALUE_OPTIONS[name];
  if (values === undefined) return [];
  const operands: ShellWord[] = [];
  let targetDirectory: ShellWord | undefined;
  let createsDirectories = false;
  let optionsEnded = false;
  for (let index = 0; index < args.length; index++) {
    const word = args[index]!;
    const text = word.text;
    if (optionsEnded || !text.startsWith("-") || text === "-") {
      operands.push(word);
    } else if (text === "--") {
      optionsEnded = true;
    } else if (text.startsWith("--target-directory=")) {
      targetDirectory = { ...word, text: text.slice("--target-directory=".length) };
    } else if (text.startsWith("--")) {
      continue;
    } else {
      const letters = text.slice(1);
      for (let at = 0; at < letters.length; at++) {
        const letter = letters[at]!;
        if (letter === "d" && name === "install") createsDirectories = true;
        if (!values.includes(letter)) continue;
        const value = letters.slice(at + 1) ? { ...word, text: letters.slice(at + 1) } : args[++index];
        if (letter === "t" && value) targetDirectory = value;
        break;
      }
    }
  }
  if (targetDirectory) return name === "mv" ? [targetDirectory, ...operands] : [targetDirectory];
  if (COPIES.has(name) && !createsDirectories) return operands.length >= 2 ? [operands.at(-1)!] : [];
  if (name === "chmod" || name === "chown" || name === "chgrp" || name === "chattr") return operands.slice(1);
  return operands;
}

/** Files edited in place by `sed -i` or `perl -i`; none when the edit is not in place. */
function inPlaceFiles(name: string, args: readonly ShellWord[]): ShellWord[] {
  const scriptLetters = name === "sed" ? "ef" : "eE";
  const valueLetters = name === "sed" ? "l" : "IM";
  let inPlace = false;
  let scriptGiven = false;
  const operands: ShellWord[] = [];
  for (let index = 0; index < args.length; index++) {
    const word = args[index]!;
    const text = word.text;
    if (text === "--") {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (text.startsWith("--")) {
      if (text.startsWith("--in-place")) inPlace = true;
      if (/^--(?:expression|file)(?:=|$)/.test(text)) {
        scriptGiven = true;
        if (!text.includes("=")) index++;
      }
      continue;
    }
    if (!/^-[A-Za-z0-9]/.test(text)) {
      operands.push(word);
      continue;
    }
    const letters = text.slice(1);
    for (let at = 0; at < letters.length; at++) {
      const letter = letters[at]!;
      if (letter === "i") {
        inPlace = true;
        break;
      }
      if (scriptLetters.includes(letter) || valueLetters.includes(letter)) {
        if (scriptLetters.includes(letter)) scriptGiven = true;
        if (!letters.slice(at + 1)) index++;
        break;
      }
    }
  }
  if (!inPlace) return [];
  return scriptGiven ? operands : operands.slice(1);
}
