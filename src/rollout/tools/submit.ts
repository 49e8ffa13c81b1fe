import { readFileSync } from "node:fs";
import { z } from "zod";
import { defineTool } from "./define-tool.js";

const parameters = z.strictObject({
  summary: z.string().optional().describe("What you changed and why, briefly"),
});

/** Ends the rollout; the harness computes the patch from the workspace itself. */
export const submitTool = defineTool({
  id: "submit",
  description: readFileSync(new URL("./submit.txt", import.meta.url), "utf8"),
  parameters,
  async execute() {
    return { output: "submitted", submitted: true };
  },
});
