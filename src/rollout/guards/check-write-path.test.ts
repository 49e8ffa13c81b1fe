import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { tempDir } from "../../testing/temp-dir.js";
import { checkWritePath } from "./check-write-path.js";

function layout(t: TestContext): { workspace: string; outside: string } {
  const root = tempDir(t);
  const workspace = join(root, "ws");
  const outside = join(root, "outside");
  mkdirSync(join(workspace, "src"), { recursive: true });
  mkdirSync(join(workspace, ".git", "hooks"), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, "secret.txt"), "x");
  writeFileSync(join(workspace, "src", "app.ts"), "x");
  return { workspace, outside };
}

test("paths inside the workspace are allowed and resolved to absolute paths", (t) => {
  const { workspace } = layout(t);
  for (const path of ["src/app.ts", "./src/new/deep/file.ts", "src/../README.md", ".gitignore", ".github/workflows/ci.yml", `${workspace}/src/app.ts`, "  src/app.ts  "]) {
    const verdict = checkWritePath({ path, workspace });
    assert.equal(verdict.allowed, true, path);
  }
  assert.deepEqual(checkWritePath({ path: "src/app.ts", workspace }), { allowed: true, absolute: join(workspace, "src", "app.ts") });
});

test("paths outside the workspace, into .git, or not paths at all are refused", (t) => {
  const { workspace } = layout(t);
  const cases: [string, RegExp][] = [
    ["../outside/secret.txt", /climbs out of the workspace/],
    ["src/../../x", /climbs out/],
    ["/etc/passwd", /\/etc\/passwd is outside the workspace/],
    [`${workspace}-other/file`, /outside the workspace/],
    [".git/config", /\.git\/config is inside \.git/],
    [".git/hooks/pre-commit", /inside \.git/],
    ["vendor/lib/.git/HEAD", /inside \.git/],
    [".GIT/config", /inside \.git/],
    [".git", /inside \.git/],
    [".", /workspace directory itself/],
    ["", /not a file path/],
    ["a\0b", /not a file path/],
  ];
  for (const [path, reason] of cases) {
    const verdict = checkWritePath({ path, workspace });
    assert.equal(verdict.allowed, false, JSON.stringify(path));
    if (!verdict.allowed) {
      assert.match(verdict.reason, reason, JSON.stringify(path));
      assert.ok(verdict.hint.length > 0);
    }
  }
});

test("symbolic links that lead out of the workspace or into .git are refused", (t) => {
  const { workspace, outside } = layout(t);
  symlinkSync(outside, join(workspace, "linked-dir"));
  symlinkSync(join(outside, "secret.txt"), join(workspace, "linked-file"));
  symlinkSync(join(outside, "not-yet", "created.txt"), join(workspace, "dangling"));
  symlinkSync("../../outside", join(workspace, "src", "relative-link"));
  symlinkSync(join(workspace, ".git", "hooks"), join(workspace, "hooks"));
  symlinkSync(join(workspace, "src"), join(workspace, "source"));

  for (const path of ["linked-dir/new.txt", "linked-dir/a/b/c.txt", "linked-file", "dangling", "src/relative-link/secret.txt"]) {
    const verdict = checkWritePath({ path, workspace });
    assert.equal(verdict.allowed, false, path);
    if (!verdict.allowed) assert.match(verdict.reason, /symbolic link to a place outside the workspace/, path);
  }
  const hooks = checkWritePath({ path: "hooks/pre-commit", workspace });
  assert.equal(hooks.allowed, false);
  if (!hooks.allowed) assert.match(hooks.reason, /symbolic link into \.git/);

  assert.deepEqual(checkWritePath({ path: "source/app.ts", workspace }), { allowed: true, absolute: join(workspace, "source", "app.ts") });
});

test("a workspace reached through a symbolic link still accepts its own files", (t) => {
  const { workspace } = layout(t);
  const alias = `${workspace}-alias`;
  symlinkSync(workspace, alias);
  assert.deepEqual(checkWritePath({ path: "src/app.ts", workspace: alias }), { allowed: true, absolute: join(alias, "src", "app.ts") });
  assert.equal(checkWritePath({ path: "src/new.ts", workspace: alias }).allowed, true);
});
