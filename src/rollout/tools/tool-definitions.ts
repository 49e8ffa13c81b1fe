import { z } from "zod";
import type { ToolDefinition } from "../../models/chat-client.js";
import type { Tool } from "./define-tool.js";

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  [key: string]: unknown;
}

/** OpenAI-format tool definitions, the parameters as JSON Schema of what the model may send. */
export function toolDefinitions(tools: readonly Tool[]): ToolDefinition[] {
  return tools.map((tool) => ({
    type: "function",
    function: { name: tool.id, description: tool.description, parameters: parametersSchema(tool) },
  }));
}

/** `path (string, required), start_line (integer, optional)`: a tool's parameters on one line, for error messages. */
export function describeParameters(tool: Tool): string {
  const schema = parametersSchema(tool);
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) return "no parameters";
  return entries.map(([name, property]) => `${name} (${typeName(property)}, ${required.has(name) ? "required" : "optional"})`).join(", ");
}

function parametersSchema(tool: Tool): JsonSchema {
  // "input": fields with defaults are optional for the caller.
  const { $schema: _ignored, ...schema } = z.toJSONSchema(tool.parameters, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return schema;
}

function typeName(property: JsonSchema): string {
  if (property.enum) return `one of ${property.enum.map(String).join("|")}`;
  if (property.type === "array") return `array of ${property.items ? typeName(property.items) : "values"}`;
  return Array.isArray(property.type) ? property.type.join("|") : (property.type ?? "any");
}
