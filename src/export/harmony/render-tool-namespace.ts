/**
 * Renders JSON-schema tool definitions as the TypeScript-like `namespace` block that gpt-oss
 * was trained to read in the developer message (`## functions` … `} // namespace functions`).
 * The layout (comment placement, `?` for optional keys, `// default:` comments, one-of variants
 * on ` | ` lines) follows the renderings in openai/harmony's test fixtures.
 */

export interface HarmonyToolDefinition {
  name: string;
  description: string;
  /** A JSON schema for the single argument object; omit for a tool without arguments. */
  parameters?: JsonSchema;
}

export type JsonSchema = { [key: string]: unknown };

export function renderToolNamespace(options: { name: string; tools: HarmonyToolDefinition[] }): string {
  const lines = [`## ${options.name}\n`, `namespace ${options.name} {\n`];
  for (const tool of options.tools) {
    for (const line of tool.description.split("\n")) lines.push(`// ${line}`);
    lines.push(
      tool.parameters === undefined
        ? `type ${tool.name} = () => any;\n`
        : `type ${tool.name} = (_: ${schemaToType(tool.parameters, "")}) => any;\n`,
    );
  }
  lines.push(`} // namespace ${options.name}`);
  return lines.join("\n");
}

function schemaToType(schema: JsonSchema, indent: string): string {
  const oneOf = asSchemaList(schema.oneOf);
  if (oneOf) {
    return oneOf
      .map((variant) => {
        const comments = [
          ...(typeof variant.description === "string" ? [variant.description] : []),
          ...("default" in variant ? [defaultComment(variant)] : []),
        ];
        const type = schemaToType(variant, indent);
        return comments.length > 0 ? `${type} // ${comments.join(" ")}` : type;
      })
      .join("\n | ");
  }
  if (Array.isArray(schema.type)) {
    return schema.type.map((type) => (type === "integer" ? "number" : String(type))).join(" | ");
  }
  switch (schema.type) {
    case "object":
      return objectToType(schema, indent);
    case "string": {
      const values = Array.isArray(schema.enum) ? schema.enum.filter((v) => typeof v === "string") : [];
      return values.length > 0 ? values.map((v) => `"${v}"`).join(" | ") : "string";
    }
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
      return isSchema(schema.items) ? `${schemaToType(schema.items, indent)}[]` : "Array<any>";
    default:
      return "any";
  }
}

function objectToType(schema: JsonSchema, indent: string): string {
  let out = typeof schema.description === "string" ? `${indent}// ${schema.description}\n` : "";
  out += "{\n";
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const properties = isSchema(schema.properties) ? schema.properties : {};
  for (const [key, value] of Object.entries(properties)) {
    if (!isSchema(value)) continue;
    const name = `${key}${required.has(key) ? "" : "?"}`;
    const description = typeof value.description === "string" ? value.description : undefined;
    const variants = asSchemaList(value.oneOf);
    if (typeof value.title === "string") out += `${indent}// ${value.title}\n${indent}//\n`;
    if (!variants && description !== undefined) out += `${indent}// ${description}\n`;
    const examples = Array.isArray(value.examples) ? value.examples.filter((e) => typeof e === "string") : [];
    if (examples.length > 0) {
      out += `${indent}// Examples:\n`;
      for (const example of examples) out += `${indent}// - "${example}"\n`;
    }
    if (variants) {
      out += oneOfPropertyToType(name, value, variants, indent);
      continue;
    }
    out += `${indent}${name}: ${withNullable(value, schemaToType(value, `${indent}    `))},`;
    if ("default" in value) out += ` // ${defaultComment(value)}`;
    out += "\n";
  }
  return `${out}${indent}}`;
}

/** A property whose schema is a `oneOf`: each variant on its own ` | ` line with its comments. */
function oneOfPropertyToType(name: string, value: JsonSchema, variants: JsonSchema[], indent: string): string {
  const description = typeof value.description === "string" ? value.description : undefined;
  // A description repeated by the first variant is shown once, beside that variant.
  const descriptionAbove = description !== undefined && description !== variants[0]?.description;
  let out = descriptionAbove ? `${indent}// ${description}\n` : "";
  if ("default" in value) out += `${indent}// ${defaultComment(value)}\n`;
  out += `${indent}${name}:\n`;
  variants.forEach((variant, index) => {
    out += `${indent} | ${withNullable(variant, schemaToType(variant, `${indent}   `))}`;
    const comments: string[] = [];
    const variantDescription = typeof variant.description === "string" ? variant.description : undefined;
    if (!(index === 0 && descriptionAbove) && variantDescription !== undefined && variantDescription !== description) {
      comments.push(variantDescription);
    }
    if ("default" in variant) comments.push(defaultComment(variant));
    if (comments.length > 0) out += ` // ${comments.join(" ")}`;
    out += "\n";
  });
  return `${out}${indent},\n`;
}

function withNullable(schema: JsonSchema, type: string): string {
  return schema.nullable === true && !type.includes("null") ? `${type} | null` : type;
}

/** Strings are quoted unless they name an enum member; other values are shown as JSON. */
function defaultComment(schema: JsonSchema): string {
  const value = schema.default;
  if (typeof value === "string") return Array.isArray(schema.enum) ? `default: ${value}` : `default: "${value}"`;
  return `default: ${JSON.stringify(value)}`;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asSchemaList(value: unknown): JsonSchema[] | undefined {
  return Array.isArray(value) ? value.filter(isSchema) : undefined;
}
