import { z } from "zod";
import type { ChatClient } from "../models/chat-client.js";
import { summarizeIssues } from "../schema/describe-issues.js";
import type { SkillCard } from "../schema/records.js";

export interface SharpenSkillCardOptions {
  card: SkillCard;
  client: ChatClient;
  /** Short excerpts of 2–3 evidence transcripts, each with the signature's evidence line. */
  excerpts: { trajectoryId: string; evidence: string; transcript: string }[];
}

export type SharpenedCard = { ok: true; card: SkillCard } | { ok: false; reason: string };

const SYSTEM = [
  "You write skill cards: concrete diagnoses of a coding agent's repeated mistakes, distilled from its traces.",
  "A good card names the module, the functions and the exact mistake (e.g. 'confuses the nonce and the timestamp in oauth.sign'); a bad one says 'be more careful with edge cases'.",
  "Use only what the facts and transcripts show; do not invent files, symbols or tests.",
  'Reply with one JSON object and nothing else: {"name": "<at most 80 characters>", "description": "<2-5 sentences: what goes wrong, where, and what the agent should do instead>", "patterns": ["<short bug-class or behaviour pattern>", ...]}.',
].join(" ");

const reply = z.object({
  name: z.string().trim().min(3).max(80),
  description: z.string().trim().min(20).max(1500),
  patterns: z.array(z.string().trim().min(1).max(80)).max(10),
});

/**
 * A card rewritten by a model from its facts and a few evidence transcripts: a sharper name,
 * description and patterns. Counts, evidence, solve rate and recipe stay the deterministic ones.
 * A reply that is not the asked-for JSON is refused, never repaired; the caller keeps the card.
 * Errors of the client (unreachable, timeouts) are the caller's to handle.
 */
export async function sharpenSkillCard({ card, client, excerpts }: SharpenSkillCardOptions): Promise<SharpenedCard> {
  const response = await client.complete({
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: userPrompt(card, excerpts) },
    ],
    temperature: 0.2,
    maxTokens: 700,
  });
  const text = (response.choices[0]?.message.content ?? "").replace(/<think>[\s\S]*?<\/think>/g, "").trim();
  if (text === "") return { ok: false, reason: "the model returned no text" };
  const json = /\{[\s\S]*\}/.exec(text.replace(/^```(?:json)?\s*|\s*```$/g, ""))?.[0];
  if (!json) return { ok: false, reason: `the model's reply is not a JSON object: ${excerpt(text)}` };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: `the model's reply is not valid JSON (${(error as Error).message}): ${excerpt(json)}` };
  }
  const parsed = reply.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `the model's JSON is not a card: ${summarizeIssues(parsed.error)}` };
  const patterns = [...new Set([...parsed.data.patterns, ...card.patterns])];
  return { ok: true, card: { ...card, name: parsed.data.name, description: parsed.data.description, patterns, sharpenedBy: response.model || client.model } };
}

function userPrompt(card: SkillCard, excerpts: SharpenSkillCardOptions["excerpts"]): string {
  const facts = [
    `Signature: ${card.signature}`,
    `Modules: ${card.modules.join(", ")}`,
    `Facts: ${card.description}`,
    `Bug classes / patterns: ${card.patterns.join(", ") || "unknown"}`,
    `Symbols of the fixes: ${card.recipe.sites.join(", ")}`,
    `Solve rate on these tasks: ${Math.round((card.solveRate ?? 0) * 100)}%`,
  ];
  const traces = excerpts.map((item, index) => `--- Transcript ${index + 1} (${item.trajectoryId}); what went wrong: ${item.evidence}\n${item.transcript}`);
  return [`The card as written from the facts:\n${facts.join("\n")}`, ...traces, "Write the card as JSON."].join("\n\n");
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, " ");
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
