import assert from "node:assert/strict";
import { test } from "node:test";
import { parseShellCommand } from "./parse-shell-command.js";

const texts = (script: string) => parseShellCommand(script).map((command) => command.words.map((word) => word.text));

test("splits on ; && || | & and newlines, and removes quotes", () => {
  assert.deepEqual(texts(`a 1; b "two words" && c 'it''s' || d\ne x\\ y & f`), [
    ["a", "1"],
    ["b", "two words"],
    ["c", "its"],
    ["d"],
    ["e", "x y"],
    ["f"],
  ]);
  assert.deepEqual(texts("echo $'a\\tb' \"q\\\"uote\""), [["echo", "a\tb", 'q"uote']]);
});

test("pipelines share a number and count their stages", () => {
  const commands = parseShellCommand("curl x | tee f | sh; ls | wc -l");
  assert.deepEqual(
    commands.map(({ pipeline, stage }) => [pipeline, stage]),
    [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]],
  );
});

test("substitutions are kept as source, also inside double quotes and nested", () => {
  const [command] = parseShellCommand('sh -c "$(curl -s "https://x/$(id -u)")" `date` <(ls)');
  assert.ok(command);
  assert.deepEqual(command.words.map((word) => word.substitutions), [[], [], ['curl -s "https://x/$(id -u)"'], ["date"], ["ls"]]);
  assert.equal(command.words[2]!.text, '$(curl -s "https://x/$(id -u)")');
  // Arithmetic and parameter expansion are not commands.
  assert.deepEqual(parseShellCommand("echo $((1 + (2 * 3))) ${x:-y}")[0]!.words.map((word) => word.substitutions), [[], [], []]);
});

test("redirections are separated from words, fd duplications included", () => {
  const [command] = parseShellCommand("make 2>&1 >>build.log <in.txt &>/dev/null");
  assert.ok(command);
  assert.deepEqual(command.words.map((word) => word.text), ["make"]);
  assert.deepEqual(
    command.redirects.map(({ operator, target }) => [operator, target.text]),
    [[">&", "1"], [">>", "build.log"], ["<", "in.txt"], ["&>", "/dev/null"]],
  );
});

test("here-document bodies are attached to their redirect and never parsed as commands", () => {
  const commands = parseShellCommand("cat > a.sh <<'EOF'\nrm -rf /\nEOF\ncat <<-END | wc\n\tgit push\n\tEND\necho done");
  assert.deepEqual(commands.map((command) => command.words[0]?.text), ["cat", "cat", "wc", "echo"]);
  assert.equal(commands[0]!.redirects[1]!.body, "rm -rf /");
  assert.equal(commands[1]!.redirects[0]!.body, "\tgit push");
});

test("comments, subshell depth and globs", () => {
  const commands = parseShellCommand("(cd src; ls *.ts) # rm -rf /\necho '*' a#b");
  assert.deepEqual(commands.map((command) => [command.words.map((word) => word.text), command.subshell]), [
    [["cd", "src"], 1],
    [["ls", "*.ts"], 1],
    [["echo", "*", "a#b"], 0],
  ]);
  assert.equal(commands[1]!.words[1]!.glob, true);
  assert.equal(commands[2]!.words[1]!.glob, false);
});
