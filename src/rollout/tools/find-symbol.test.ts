import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeFiles } from "../../testing/write-files.js";
import { findSymbolTool } from "./find-symbol.js";
import { EXAMPLE_FILES, openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-find-symbol-"));
  context = await openToolTestContext({
    dir,
    files: {
      ...EXAMPLE_FILES,
      "lib/ledger.py": ["class Ledger:", "    def total(self):", "        return 0", "", "", "def total(entries):", "    return sum(entries)", ""].join("\n"),
      "dist/cart.js": "export function total() {}\n",
    },
  });
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const find = (args: Record<string, unknown>) => context.call(findSymbolTool, args);

test("definitions are found by their own name across languages, with lines and kinds", async () => {
  const result = await find({ symbol_name: "total" });
  assert.equal(result.isError, false);
  assert.equal(
    result.content,
    ["3 definitions named total:", "lib/ledger.py:2-3 method lib.ledger.Ledger.total", "lib/ledger.py:6-7 function lib.ledger.total", "src/cart.js:10-12 method cart.Cart.total"].join("\n"),
  );
  assert.deepEqual(result.sources.map((source) => source.kind === "repo-file" && source.path), ["lib/ledger.py", "src/cart.js"]);
});

test("a qualified name or a kind narrows the results", async () => {
  assert.equal((await find({ symbol_name: "Cart.total" })).content, "1 definition named Cart.total:\nsrc/cart.js:10-12 method cart.Cart.total");
  assert.equal((await find({ symbol_name: "total", kind: "function" })).content, "1 function definition named total:\nlib/ledger.py:6-7 function lib.ledger.total");
});

test("no exact match suggests similar names; an unknown kind is an argument error", async () => {
  const near = await find({ symbol_name: "price" });
  assert.equal(near.content, "no definitions named price; similar names: cart.formatPrice (function)");
  const bad = await find({ symbol_name: "total", kind: "struct" });
  assert.equal(bad.isError, true);
  assert.match(bad.content, /kind: .*function.*method/);
});

test("edited and new files are indexed again", async () => {
  writeFiles({ dir: context.workspace, files: { "src/cart.js": `${EXAMPLE_FILES["src/cart.js"]}\nexport function checkout(cart) {\n  return cart.total();\n}\n`, "src/tax.js": "export function checkoutTax() {}\n" } });
  assert.equal((await find({ symbol_name: "checkout" })).content, "1 definition named checkout:\nsrc/cart.js:19-21 function cart.checkout");
  assert.match((await find({ symbol_name: "checkoutTax" })).content, /src\/tax\.js:1-1 function tax\.checkoutTax/);
});
