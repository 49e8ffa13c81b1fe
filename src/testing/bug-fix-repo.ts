import { git } from "../repo/git.js";
import { writeFiles } from "./write-files.js";

/**
 * A small JavaScript project with a node:test suite whose last commit fixes a bug and adds a test
 * for it, so mining it gives one real task. Also holds an unrelated module, for wrong edits.
 */
const CART = [
      "/** The total of a cart in cents, after a percentage discount. */",
      "export function cartTotal(items, discountPercent = 0) {",
      "  let total = 0;",
      "  for (const item of items) {",
      "    total += item.price * item.quantity;",
      "  }",
      "  const discount = Math.floor((total * discountPercent) / 100);",
      "  return total - discount;",
      "}",
      "",
      "export function itemCount(items) {",
      "  return items.reduce((sum, item) => sum + item.quantity, 0);",
      "}",
      "",
    ].join("\n");

export async function buildBugFixRepo(dir: string): Promise<{ path: string }> {
  await git({ cwd: dir, args: ["init", "--quiet", "--initial-branch=main"] });
  const commit = async (message: string, files: Record<string, string>) => {
    writeFiles({ dir, files });
    await git({ cwd: dir, args: ["add", "-A"] });
    await git({ cwd: dir, args: ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "--quiet", "-m", message] });
  };
  await commit("Cart totals and formatting", {
    "package.json": JSON.stringify({ name: "shop", version: "1.0.0", type: "module", scripts: { test: "node --test test/" } }, null, 2) + "\n",
    "LICENSE": "MIT License\n\nCopyright (c) 2026 Shop\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software, to deal in the Software without restriction, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n",
    "src/format.js": 'export function formatPrice(cents) {\n  const sign = cents < 0 ? "-" : "";\n  const abs = Math.abs(cents);\n  return `${sign}$${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;\n}\n',
    "src/cart.js": CART,
    "test/cart.test.js": [
      'import assert from "node:assert/strict";',
      'import { test } from "node:test";',
      'import { cartTotal, itemCount } from "../src/cart.js";',
      "",
      'test("totals prices times quantities", () => {',
      "  assert.equal(cartTotal([{ price: 250, quantity: 2 }, { price: 100, quantity: 1 }]), 600);",
      "});",
      "",
      'test("counts items", () => {',
      "  assert.equal(itemCount([{ price: 1, quantity: 3 }, { price: 1, quantity: 2 }]), 5);",
      "});",
      "",
    ].join("\n"),
    "test/format.test.js": 'import assert from "node:assert/strict";\nimport { test } from "node:test";\nimport { formatPrice } from "../src/format.js";\n\ntest("formats cents as dollars", () => {\n  assert.equal(formatPrice(1234), "$12.34");\n});\n',
  });
  await commit("Fix cartTotal rounding the discount down instead of to the nearest cent", {
    "src/cart.js": CART.replace("Math.floor(", "Math.round("),
    "test/cart.test.js": [
      'import assert from "node:assert/strict";',
      'import { test } from "node:test";',
      'import { cartTotal, itemCount } from "../src/cart.js";',
      "",
      'test("totals prices times quantities", () => {',
      "  assert.equal(cartTotal([{ price: 250, quantity: 2 }, { price: 100, quantity: 1 }]), 600);",
      "});",
      "",
      'test("rounds the discount to the nearest cent", () => {',
      "  assert.equal(cartTotal([{ price: 999, quantity: 1 }], 15), 849);",
      "});",
      "",
      'test("counts items", () => {',
      "  assert.equal(itemCount([{ price: 1, quantity: 3 }, { price: 1, quantity: 2 }]), 5);",
      "});",
      "",
    ].join("\n"),
  });
  return { path: dir };
}
