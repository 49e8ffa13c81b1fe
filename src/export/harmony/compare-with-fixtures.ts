/**
 * Renders the conversations of openai/harmony's rendering tests with kaizen's renderer and
 * compares them with the expected renderings in that repository's `test-data/` folder, read at
 * runtime from a checkout (the fixtures are not copied into kaizen).
 *
 * Run: npx tsx src/export/harmony/compare-with-fixtures.ts /path/to/harmony-checkout
 * (the checkout may be a bare git directory: files are read with `git show HEAD:path`).
 */
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { renderHarmony, type HarmonyMessage, type RenderHarmonyOptions } from "./render-harmony.js";
import type { HarmonyToolDefinition } from "./render-tool-namespace.js";

export interface HarmonyFixtureComparison {
  compared: number;
  matched: number;
  mismatches: { name: string; expected: string; actual: string }[];
  /** Rendering fixtures kaizen does not attempt, with the reason. */
  skipped: { name: string; reason: string }[];
}

type FixtureCase = Omit<RenderHarmonyOptions, "messages"> & { messages: HarmonyMessage[] };

const robotUser = "What is the capital of the largest country in the world?";
const weatherTool: HarmonyToolDefinition = {
  name: "lookup_weather",
  description:
    "Use this tool to lookup the weather in a given location. Call it with the parameter 'location', can be any textual description of a location.",
  parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
};

function effortCase(reasoningEffort: "low" | "medium" | "high", withInstructions: boolean): FixtureCase {
  return {
    forCompletion: true,
    messages: [
      { role: "system", reasoningEffort },
      ...(withInstructions
        ? [{ role: "developer", instructions: "Answer the user's questions like a robot." } as const]
        : []),
      { role: "user", content: robotUser },
    ],
  };
}

/** The conversations of the rendering tests in openai/harmony's tests.rs and test_harmony.py. */
const fixtureCases: Record<string, FixtureCase> = {
  test_simple_convo: { forCompletion: true, messages: [{ role: "system" }, { role: "user", content: "What is 2 + 2?" }] },
  test_simple_convo_low_effort: effortCase("low", true),
  test_simple_convo_medium_effort: effortCase("medium", true),
  test_simple_convo_high_effort: effortCase("high", true),
  test_simple_convo_low_effort_no_instruction: effortCase("low", false),
  test_simple_convo_medium_effort_no_instruction: effortCase("medium", false),
  test_simple_convo_high_effort_no_instruction: effortCase("high", false),
  test_reasoning_system_message: {
    forCompletion: true,
    messages: [
      { role: "system", validChannels: ["analysis", "final"] },
      { role: "user", content: "What is 2 + 2?" },
    ],
  },
  test_reasoning_system_message_no_instruction: {
    forCompletion: true,
    messages: [
      { role: "system", reasoningEffort: "high", validChannels: ["analysis", "final"] },
      { role: "user", content: "What is the best place to eat candy in the world?" },
    ],
  },
  test_reasoning_system_message_with_dates: {
    forCompletion: true,
    messages: [
      { role: "system", knowledgeCutoff: "2021-01", currentDate: "2021-01-01", validChannels: ["analysis", "final"] },
      { role: "user", content: "What is 42 * pi?" },
    ],
  },
  test_render_functions_with_parameters: {
    forCompletion: true,
    messages: [
      { role: "system", reasoningEffort: "high", currentDate: "2025-06-28" },
      { role: "developer", instructions: "Always respond in riddles", tools: functionsWithParameters() },
      { role: "user", content: "What is the weather like in SF?" },
    ],
  },
  test_no_tools: { forCompletion: true, messages: [{ role: "system", currentDate: "2025-06-28" }] },
  test_dropping_cot_by_default: {
    forCompletion: true,
    dropEarlierAnalysis: true,
    messages: [
      { role: "user", content: "What is 2 + 2?" },
      { role: "assistant", channel: "analysis", content: "User asks: “What is 2 + 2?” Simple arithmetic. Provide answer." },
      { role: "assistant", channel: "final", content: "2 + 2 equals 4." },
      { role: "user", content: "What about 9 / 2?" },
    ],
  },
  test_does_not_drop_if_ongoing_analysis: {
    forCompletion: true,
    dropEarlierAnalysis: true,
    recipientPlacement: "role",
    messages: [
      { role: "user", content: "What is the weather in SF?" },
      {
        role: "assistant",
        channel: "analysis",
        content: "User asks: “What is the weather in SF?” We need to use lookup_weather tool.",
      },
      {
        role: "assistant",
        channel: "commentary",
        recipient: "functions.lookup_weather",
        constrain: "json",
        content: '{"location": "San Francisco"}',
      },
      {
        role: "tool",
        name: "functions.lookup_weather",
        channel: null,
        recipient: null,
        content: '{"temperature": 20, "description": "sunny"}',
      },
    ],
  },
  test_preserve_cot: {
    forCompletion: true,
    messages: [
      { role: "user", content: "What is 2 + 2?" },
      { role: "assistant", channel: "analysis", content: 'User asks a simple question: "What is 2 + 2?" The answer: 4.' },
      { role: "assistant", channel: "final", content: "2 + 2 equals 4." },
      { role: "user", content: "What about 9 / 2?" },
    ],
  },
  test_keep_analysis_between_finals: {
    dropEarlierAnalysis: true,
    messages: [
      { role: "user", content: "What is 2 + 2?" },
      { role: "assistant", channel: "analysis", content: "thinking 2+2" },
      { role: "assistant", channel: "final", content: "4" },
      { role: "user", content: "What is 3 + 5?" },
      { role: "assistant", channel: "analysis", content: "thinking 3+5" },
      { role: "assistant", channel: "final", content: "8" },
    ],
  },
};

const skippedFixtures: Record<string, string> = {
  test_browser_tool_only: "uses the built-in browser tool, which kaizen does not declare",
  test_browser_and_function_tool: "uses the built-in browser tool, which kaizen does not declare",
  test_browser_and_python_tool: "uses the built-in browser and python tools, which kaizen does not declare",
  test_simple_reasoning_response: "a parsing fixture (token ids of a completion), not a rendering",
  test_simple_tool_call: "a parsing fixture (token ids of a completion), not a rendering",
  test_streamable_parser: "a parsing fixture, not a rendering",
  test_tool_response_parsing: "a parsing fixture, not a rendering",
};

export async function compareWithHarmonyFixtures(options: { repoDir: string }): Promise<HarmonyFixtureComparison> {
  const result: HarmonyFixtureComparison = { compared: 0, matched: 0, mismatches: [], skipped: [] };
  for (const [name, fixtureCase] of Object.entries(fixtureCases)) {
    const raw = await readFixture(options.repoDir, `test-data/${name}.txt`);
    if (raw === undefined) {
      result.skipped.push({ name, reason: "fixture file not found in this checkout" });
      continue;
    }
    // The reference tests compare against the file with line endings normalised and the end trimmed.
    const expected = raw.replace(/\r\n/g, "\n").trimEnd();
    const actual = renderHarmony(fixtureCase);
    result.compared++;
    if (actual === expected) result.matched++;
    else result.mismatches.push({ name, expected, actual });
  }
  for (const [name, reason] of Object.entries(skippedFixtures)) result.skipped.push({ name, reason });
  return result;
}

/** Reads a file from a work tree, or from a bare git directory via `git show HEAD:path`. */
async function readFixture(repoDir: string, file: string): Promise<string | undefined> {
  const onDisk = path.join(repoDir, file);
  if (await stat(onDisk).then((s) => s.isFile(), () => false)) return readFile(onDisk, "utf8");
  try {
    const { stdout } = await promisify(execFile)("git", ["-C", repoDir, "show", `HEAD:${file}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch {
    return undefined;
  }
}

function functionsWithParameters(): HarmonyToolDefinition[] {
  const format = { type: "string", enum: ["celsius", "fahrenheit"], default: "celsius" };
  return [
    { name: "get_location", description: "Gets the location of the user." },
    {
      name: "get_current_weather",
      description: "Gets the current weather in the provided location.",
      parameters: {
        type: "object",
        properties: {
          location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
          format,
        },
        required: ["location"],
      },
    },
    {
      name: "get_multiple_weathers",
      description: "Gets the current weather in the provided list of locations.",
      parameters: {
        type: "object",
        properties: {
          locations: {
            type: "array",
            items: { type: "string" },
            description: 'List of city and state, e.g. ["San Francisco, CA", "New York, NY"]',
          },
          format,
        },
        required: ["locations"],
      },
    },
    {
      name: "kitchensink",
      description: "A function with various complex schemas.",
      parameters: {
        description: "params object",
        type: "object",
        properties: {
          string: { type: "string", title: "STRING", description: "A string", examples: ["hello", "world"] },
          string_nullable: { type: "string", nullable: true, description: "A nullable string", default: "the default" },
          string_enum: { type: "string", enum: ["a", "b", "c"] },
          oneof_string_or_number: {
            oneOf: [
              { type: "string", default: "default_string_in_oneof" },
              { type: "number", description: "numbers can happen too" },
            ],
            description: "a oneof",
            default: 20,
          },
        },
      },
    },
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repoDir = process.argv[2];
  if (!repoDir) {
    console.error("usage: compare-with-fixtures.ts <path to an openai/harmony checkout or git directory>");
    process.exit(2);
  }
  const result = await compareWithHarmonyFixtures({ repoDir });
  console.log(`compared ${result.compared}, matched ${result.matched}`);
  for (const m of result.mismatches) console.log(`\nMISMATCH ${m.name}\n--- expected\n${m.expected}\n--- actual\n${m.actual}`);
  for (const s of result.skipped) console.log(`skipped ${s.name}: ${s.reason}`);
  process.exitCode = result.mismatches.length > 0 ? 1 : 0;
}
