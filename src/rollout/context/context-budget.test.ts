import assert from "node:assert/strict";
import { test } from "node:test";
import { UserError } from "../../user-error.js";
import { checkBudget, CONTEXT_WINDOWS, parseContextWindow } from "./context-budget.js";

test("below the warning line the budget is ok, with no notice", () => {
  assert.deepEqual(checkBudget({ promptTokens: 10_000, contextWindow: 32_768, reserveForAnswer: 4096 }), {
    state: "ok",
    promptTokens: 10_000,
    contextWindow: 32_768,
    remaining: 22_768,
  });
  assert.equal(checkBudget({ promptTokens: 26_213, contextWindow: 32_768, reserveForAnswer: 4096 }).state, "ok");
});

test("from 80% of the window the model is told to economise", () => {
  const check = checkBudget({ promptTokens: 26_214, contextWindow: 32_768, reserveForAnswer: 4096 });
  assert.equal(check.state, "warn");
  assert.equal(check.remaining, 6554);
  assert.equal(
    check.notice,
    "Context budget: 26,214 of 32,768 tokens used (80%). Be selective: read line ranges, not whole files; older outputs are already summarised.",
  );
  const early = checkBudget({ promptTokens: 1000, contextWindow: 4096, reserveForAnswer: 512, warnAt: 0.2 });
  assert.equal(early.state, "warn");
  assert.match(early.notice ?? "", /^Context budget: 1,000 of 4,096 tokens used \(24%\)\./);
});

test("the budget is exhausted once the answer's reserve no longer fits", () => {
  assert.equal(checkBudget({ promptTokens: 28_672, contextWindow: 32_768, reserveForAnswer: 4096 }).state, "warn");
  const exhausted = checkBudget({ promptTokens: 28_673, contextWindow: 32_768, reserveForAnswer: 4096 });
  assert.equal(exhausted.state, "exhausted");
  assert.equal(exhausted.remaining, 4095);
  assert.equal(exhausted.notice, undefined);
  assert.equal(checkBudget({ promptTokens: 40_000, contextWindow: 32_768, reserveForAnswer: 0 }).remaining, 0);
  // A reserve larger than the warning margin exhausts before it warns.
  assert.equal(checkBudget({ promptTokens: 3000, contextWindow: 4096, reserveForAnswer: 2048 }).state, "exhausted");
});

test("context windows parse from names and token counts", () => {
  assert.deepEqual(["4k", "8k", "16k", "32k", "64k", "128k"].map(parseContextWindow), CONTEXT_WINDOWS);
  assert.equal(parseContextWindow(" 32K "), 32_768);
  assert.equal(parseContextWindow("32768"), 32_768);
  assert.equal(parseContextWindow("2048"), 2048);
  assert.equal(parseContextWindow("200000"), 200_000);
});

test("anything else is a user error that lists what is accepted", () => {
  for (const text of ["2047", "3k", "1000k", "32k tokens", "12.5k", "-4096", "", "lots", "99999999999999999999"]) {
    assert.throws(
      () => parseContextWindow(text),
      (error: unknown) => {
        assert.ok(error instanceof UserError, `${text}: ${String(error)}`);
        assert.equal(error.message, `"${text}" is not a context window size`);
        assert.match(error.hint, /4k, 8k, 16k, 32k, 64k, 128k, or the model's context length in tokens \(at least 2048\)/);
        return true;
      },
    );
  }
});
