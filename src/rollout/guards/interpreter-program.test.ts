import assert from "node:assert/strict";
import { test } from "node:test";
import { interpreterProgram } from "./interpreter-program.js";
import { parseShellCommand } from "./parse-shell-command.js";

/** Where the program of a one-command script comes from, as `from` or `from:text`. */
function source(script: string): string | undefined {
  const [name, ...args] = parseShellCommand(script)[0]!.words;
  const program = interpreterProgram(name!.text, args);
  if (!program) return undefined;
  return "word" in program ? `${program.from}:${program.word.text}` : program.from;
}

test("interpreters that read their program from stdin", () => {
  for (const script of ["bash", "sh -s -- --yes", "bash -e", "bash -x -o pipefail", "zsh -", "python3", "python -u -", "node", "perl", "perl -w", "ruby", "php"]) {
    assert.equal(source(script), "stdin", script);
  }
});

test("programs given as a string, a file or a module", () => {
  const cases: [string, string | undefined][] = [
    ["bash -c 'ls -la'", "string:ls -la"],
    ["bash -lc 'make test' name", "string:make test"],
    ["sh -ec 'true'", "string:true"],
    ["bash script.sh arg", "file:script.sh"],
    ["bash --rcfile rc script.sh", "file:script.sh"],
    ["python -c 'print(1)'", "string:print(1)"],
    ["python -Bc 'print(1)'", "string:print(1)"],
    ["python -W ignore run.py", "file:run.py"],
    ["python -m json.tool", "module"],
    ["node -e 'console.log(1)'", "string:console.log(1)"],
    ["node --eval=1+1", "string:1+1"],
    ["node -r ts-node/register app.ts", "file:app.ts"],
    ["perl -lne 'print' file.txt", "string:print"],
    ["perl -pi.bak -e 's/a/b/' f", "string:s/a/b/"],
    ["perl -I lib script.pl", "file:script.pl"],
    ["ruby -rjson -e 'p 1'", "string:p 1"],
    ["php -r 'echo 1;'", "string:echo 1;"],
    ["jq .", undefined],
    ["cat", undefined],
  ];
  for (const [script, expected] of cases) assert.equal(source(script), expected, script);
});
