import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeHarmonyTokens, renderHarmony, renderHarmonyTokens, type HarmonyMessage } from "./render-harmony.js";

const system = (
  "<|start|>system<|message|>You are ChatGPT, a large language model trained by OpenAI.\n" +
  "Knowledge cutoff: 2024-06\nCurrent date: 2025-01-02\n\nReasoning: high\n\n" +
  "# Valid channels: analysis, commentary, final. Channel must be included for every message.\n" +
  "Calls to these tools must go to the commentary channel: 'functions'.<|end|>"
);
const developer =
  "<|start|>developer<|message|># Instructions\n\nFix the failing test.\n\n# Tools\n\n## functions\n\n" +
  "namespace functions {\n\n// Read a file.\ntype read_file = (_: {\npath: string,\n}) => any;\n\n} // namespace functions<|end|>";

const conversation: HarmonyMessage[] = [
  { role: "system", currentDate: "2025-01-02", reasoningEffort: "high" },
  {
    role: "developer",
    instructions: "Fix the failing test.",
    tools: [
      {
        name: "read_file",
        description: "Read a file.",
        parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
      },
    ],
  },
  { role: "user", content: "Fix it" },
  { role: "assistant", channel: "analysis", content: "Read a.ts first." },
  { role: "assistant", channel: "commentary", recipient: "functions.read_file", constrain: "json", content: '{"path":"a.ts"}' },
  { role: "tool", name: "functions.read_file", content: 'const s = "<|end|>";' },
  { role: "assistant", channel: "analysis", content: "Looks fine." },
  { role: "assistant", channel: "final", content: "Done." },
];

const turns =
  "<|start|>user<|message|>Fix it<|end|>" +
  "<|start|>assistant<|channel|>analysis<|message|>Read a.ts first.<|end|>" +
  '<|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path":"a.ts"}<|call|>' +
  '<|start|>functions.read_file to=assistant<|channel|>commentary<|message|>const s = "<|end|>";<|end|>' +
  "<|start|>assistant<|channel|>analysis<|message|>Looks fine.<|end|>" +
  "<|start|>assistant<|channel|>final<|message|>Done.";

describe("renderHarmony", () => {
  it("renders system and developer headers, a tool call and its result, keeping every analysis", () => {
    assert.equal(renderHarmony({ messages: conversation }), `${system}${developer}${turns}<|end|>`);
  });

  it("ends only the last assistant final message in <|return|> for training", () => {
    assert.equal(renderHarmony({ messages: conversation, forTraining: true }), `${system}${developer}${turns}<|return|>`);
    const twoTurns: HarmonyMessage[] = [
      { role: "user", content: "a" },
      { role: "assistant", channel: "final", content: "b" },
      { role: "user", content: "c" },
      { role: "assistant", channel: "final", content: "d" },
    ];
    assert.equal(
      renderHarmony({ messages: twoTurns, forTraining: true }),
      "<|start|>user<|message|>a<|end|><|start|>assistant<|channel|>final<|message|>b<|end|>" +
        "<|start|>user<|message|>c<|end|><|start|>assistant<|channel|>final<|message|>d<|return|>",
    );
  });

  it("renders a plain system message without tools and a completion prompt", () => {
    assert.equal(
      renderHarmony({
        messages: [{ role: "system", reasoningEffort: "low", validChannels: ["analysis", "final"] }],
        forCompletion: true,
      }),
      "<|start|>system<|message|>You are ChatGPT, a large language model trained by OpenAI.\n" +
        "Knowledge cutoff: 2024-06\n\nReasoning: low\n\n" +
        "# Valid channels: analysis, final. Channel must be included for every message.<|end|><|start|>assistant",
    );
  });

  it("can drop earlier analysis and put the recipient after the role, as openai/harmony renders history", () => {
    const rendered = renderHarmony({
      messages: [
        { role: "user", content: "q" },
        { role: "assistant", channel: "analysis", content: "think" },
        { role: "assistant", channel: "commentary", recipient: "functions.f", constrain: "json", content: "{}" },
        { role: "tool", name: "functions.f", content: "1" },
        { role: "assistant", channel: "final", content: "one" },
      ],
      dropEarlierAnalysis: true,
      recipientPlacement: "role",
    });
    assert.equal(
      rendered,
      "<|start|>user<|message|>q<|end|>" +
        "<|start|>assistant to=functions.f<|channel|>commentary <|constrain|>json<|message|>{}<|call|>" +
        "<|start|>functions.f to=assistant<|channel|>commentary<|message|>1<|end|>" +
        "<|start|>assistant<|channel|>final<|message|>one<|end|>",
    );
  });
});

describe("renderHarmonyTokens", () => {
  it("emits the structural tokens as their special ids", () => {
    const { tokens } = renderHarmonyTokens({
      messages: [{ role: "assistant", channel: "commentary", recipient: "functions.f", constrain: "json", content: "{}" }],
    });
    assert.equal(tokens[0], 200006); // <|start|>
    assert.ok(tokens.includes(200005)); // <|channel|>
    assert.ok(tokens.includes(200003)); // <|constrain|>
    assert.ok(tokens.includes(200008)); // <|message|>
    assert.equal(tokens.at(-1), 200012); // <|call|>
    const final = renderHarmonyTokens({ messages: [{ role: "assistant", channel: "final", content: "ok" }], forTraining: true });
    assert.equal(final.tokens.at(-1), 200002); // <|return|>
    const plain = renderHarmonyTokens({ messages: [{ role: "user", content: "hello world" }] });
    assert.deepEqual(plain.tokens, [200006, 1428, 200008, 24912, 2375, 200007]);
  });

  it("encodes <|end|> inside repository text as plain text, never as the special token", () => {
    const { tokens } = renderHarmonyTokens({ messages: conversation });
    const specialEnds = tokens.filter((id) => id === 200007).length;
    // user, analysis, tool result, analysis and the final message: five structural <|end|>s, plus system and developer.
    assert.equal(specialEnds, 7);
    assert.equal(decodeHarmonyTokens(tokens), renderHarmony({ messages: conversation }));
  });

  it("masks exactly the tokens the model samples in its assistant turns", () => {
    const { tokens, lossMask } = renderHarmonyTokens({ messages: conversation, forTraining: true });
    assert.equal(lossMask.length, tokens.length);
    const trainedRuns: string[] = [];
    let run: number[] = [];
    tokens.forEach((id, index) => {
      if (lossMask[index] === 1) run.push(id);
      else if (run.length > 0) {
        trainedRuns.push(decodeHarmonyTokens(run));
        run = [];
      }
    });
    if (run.length > 0) trainedRuns.push(decodeHarmonyTokens(run));
    assert.deepEqual(trainedRuns, [
      "<|channel|>analysis<|message|>Read a.ts first.<|end|>" +
        '<|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path":"a.ts"}<|call|>',
      "<|channel|>analysis<|message|>Looks fine.<|end|><|start|>assistant<|channel|>final<|message|>Done.<|return|>",
    ]);
  });
});
