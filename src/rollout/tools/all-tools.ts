import { applyPatchTool } from "./apply-patch.js";
import { bashTool } from "./bash.js";
import type { Tool } from "./define-tool.js";
import { editTool } from "./edit.js";
import { findSymbolTool } from "./find-symbol.js";
import { gitBlameTool } from "./git-blame.js";
import { gitCommitTool } from "./git-commit.js";
import { gitDiffTool } from "./git-diff.js";
import { gitLogTool } from "./git-log.js";
import { gitStatusTool } from "./git-status.js";
import { listDirectoryTool } from "./list-directory.js";
import { readFileTool } from "./read-file.js";
import { repoSearchTool } from "./repo-search.js";
import { repoTreeTool } from "./repo-tree.js";
import { runSingleTestTool } from "./run-single-test.js";
import { runTestsWithCoverageTool } from "./run-tests-with-coverage.js";
import { runTestsTool } from "./run-tests.js";
import { submitTool } from "./submit.js";

/** Every tool the agent has, in the order the harness offers them. */
export const ALL_TOOLS: readonly Tool[] = [
  listDirectoryTool,
  repoTreeTool,
  findSymbolTool,
  repoSearchTool,
  readFileTool,
  editTool,
  applyPatchTool,
  runTestsTool,
  runSingleTestTool,
  runTestsWithCoverageTool,
  gitStatusTool,
  gitDiffTool,
  gitLogTool,
  gitBlameTool,
  gitCommitTool,
  bashTool,
  submitTool,
];

/** The tool a model called by name, if there is one. */
export function toolNamed(name: string): Tool | undefined {
  return ALL_TOOLS.find((tool) => tool.id === name);
}
