import { UserError } from "../../user-error.js";

/** The context windows the CLI offers by name; any token count of at least 2048 is accepted too. */
export const CONTEXT_WINDOWS = [4096, 8192, 16384, 32768, 65536, 131072];

const MIN_CONTEXT_WINDOW = 2048;
const DEFAULT_WARN_AT = 0.8;

export interface BudgetCheck {
  state: "ok" | "warn" | "exhausted";
  promptTokens: number;
  contextWindow: number;
  /** Tokens of the window left for the answer (never below 0). */
  remaining: number;
  /** For "warn": a message for the model, appended to its context. */
  notice?: string;
}

/**
 * Where a prompt stands against the context window: "exhausted" when the answer's reserve no
 * longer fits, "warn" from `warnAt` of the window on, with a notice telling the model to economise.
 */
export function checkBudget(options: { promptTokens: number; contextWindow: number; reserveForAnswer: number; warnAt?: number }): BudgetCheck {
  const { promptTokens, contextWindow, reserveForAnswer, warnAt = DEFAULT_WARN_AT } = options;
  const check = { promptTokens, contextWindow, remaining: Math.max(0, contextWindow - promptTokens) };
  if (promptTokens + reserveForAnswer > contextWindow) return { state: "exhausted", ...check };
  // Floored, so the warning starts at the token count a person would compute (80% of 32,768 is 26,214).
  if (promptTokens < Math.floor(warnAt * contextWindow)) return { state: "ok", ...check };
  const percent = Math.round((promptTokens / contextWindow) * 100);
  const notice =
    `Context budget: ${thousands(promptTokens)} of ${thousands(contextWindow)} tokens used (${percent}%). ` +
    "Be selective: read line ranges, not whole files; older outputs are already summarised.";
  return { state: "warn", ...check, notice };
}

/** `4k` … `128k` (binary thousands, as model cards mean them), or a token count of at least 2048. */
export function parseContextWindow(text: string): number {
  const trimmed = text.trim().toLowerCase();
  const named = /^(\d+)k$/.exec(trimmed);
  if (named) {
    const tokens = Number(named[1]) * 1024;
    if (CONTEXT_WINDOWS.includes(tokens)) return tokens;
  } else if (/^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) && Number(trimmed) >= MIN_CONTEXT_WINDOW) {
    return Number(trimmed);
  }
  const names = CONTEXT_WINDOWS.map((tokens) => `${tokens / 1024}k`).join(", ");
  throw new UserError(
    `"${text}" is not a context window size`,
    `give one of ${names}, or the model's context length in tokens (at least ${MIN_CONTEXT_WINDOW}), e.g. 32768`,
  );
}

function thousands(value: number): string {
  return value.toLocaleString("en-US");
}
