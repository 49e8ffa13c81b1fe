// tsc compiles only .ts: copy the text assets modules read at run time (tool descriptions, every
// src/**/*.txt) to the same place under dist/.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = join(root, "src");
const dist = join(root, "dist");

function findAssets(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findAssets(path);
    return entry.name.endsWith(".txt") ? [path] : [];
  });
}

for (const source of findAssets(src)) {
  const target = join(dist, relative(src, source));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
}
