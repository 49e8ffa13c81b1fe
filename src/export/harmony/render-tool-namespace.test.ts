import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderToolNamespace } from "./render-tool-namespace.js";

describe("renderToolNamespace", () => {
  it("declares tools as TypeScript-like types with optional keys, enums, arrays and defaults", () => {
    const rendered = renderToolNamespace({
      name: "functions",
      tools: [
        { name: "list_files", description: "List the repository." },
        {
          name: "run_tests",
          description: "Run tests.\nReturns the output.",
          parameters: {
            type: "object",
            properties: {
              paths: { type: "array", items: { type: "string" }, description: "Test files" },
              reporter: { type: "string", enum: ["dot", "spec"], default: "dot" },
              timeout: { type: "integer", default: 60 },
              filter: { type: "string", nullable: true, default: "all" },
            },
            required: ["paths"],
          },
        },
      ],
    });
    assert.equal(
      rendered,
      "## functions\n\nnamespace functions {\n\n" +
        "// List the repository.\ntype list_files = () => any;\n\n" +
        "// Run tests.\n// Returns the output.\ntype run_tests = (_: {\n" +
        "// Test files\npaths: string[],\n" +
        'reporter?: "dot" | "spec", // default: dot\n' +
        "timeout?: number, // default: 60\n" +
        'filter?: string | null, // default: "all"\n' +
        "}) => any;\n\n} // namespace functions",
    );
  });

  it("puts one-of variants on their own lines with their comments", () => {
    const rendered = renderToolNamespace({
      name: "functions",
      tools: [
        {
          name: "f",
          description: "F.",
          parameters: {
            type: "object",
            properties: {
              x: { oneOf: [{ type: "string" }, { type: "number", description: "a count" }], description: "x value" },
            },
          },
        },
      ],
    });
    assert.equal(
      rendered,
      "## functions\n\nnamespace functions {\n\n// F.\ntype f = (_: {\n" +
        "// x value\nx?:\n | string\n | number // a count\n,\n}) => any;\n\n} // namespace functions",
    );
  });
});
