import { git } from "../repo/git.js";
import { buildBugFixRepo } from "./bug-fix-repo.js";
import { writeFiles } from "./write-files.js";

/** The bug-fix shop plus a stock module, so injected bugs land in lineages the benchmark can hold out apart. */
export async function buildShopWithStock(dir: string): Promise<{ path: string }> {
  const repo = await buildBugFixRepo(dir);
  writeFiles({
    dir,
    files: {
      "src/stock.js": [
        "/** Items whose quantity is at or below the threshold, most urgent first. */",
        "export function lowStock(items, threshold) {",
        "  const low = [];",
        "  for (const item of items) {",
        "    if (item.quantity <= threshold) low.push(item);",
        "  }",
        "  return low.sort((a, b) => a.quantity - b.quantity);",
        "}",
        "",
        "export function restockCost(items, target) {",
        "  let cost = 0;",
        "  for (const item of items) {",
        "    if (item.quantity < target) cost += (target - item.quantity) * item.price;",
        "  }",
        "  return cost;",
        "}",
        "",
      ].join("\n"),
      "test/stock.test.js": [
        'import assert from "node:assert/strict";',
        'import { test } from "node:test";',
        'import { lowStock, restockCost } from "../src/stock.js";',
        "",
        'test("lists low stock, most urgent first", () => {',
        '  assert.deepEqual(lowStock([{ id: "a", quantity: 5 }, { id: "b", quantity: 1 }, { id: "c", quantity: 9 }, { id: "d", quantity: 5 }], 5).map((item) => item.id), ["b", "a", "d"]);',
        "});",
        "",
        'test("prices a restock up to the target", () => {',
        "  assert.equal(restockCost([{ quantity: 2, price: 10 }, { quantity: 7, price: 3 }, { quantity: 5, price: 1 }], 5), 30);",
        "});",
        "",
      ].join("\n"),
    },
  });
  await git({ cwd: dir, args: ["add", "-A"] });
  await git({ cwd: dir, args: ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "--quiet", "-m", "Stock levels and restock cost"] });
  return repo;
}
