import type { PatchReview } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { UserError } from "../user-error.js";

export class ReviewNotFoundError extends UserError {
  constructor(
    readonly id: string,
    readonly trajectoryExists: boolean,
  ) {
    super(
      trajectoryExists ? `trajectory ${id} has no review yet` : `no review and no trajectory ${id} in this run store`,
      trajectoryExists ? "kaizen review run audits resolved patches; only resolved ones are reviewed" : "kaizen review lists the patches awaiting sign-off with their ids",
    );
  }
}

export class RejectionNeedsNoteError extends UserError {
  constructor(readonly id: string) {
    super(`rejecting ${id} needs a note saying why`, `kaizen review reject ${id} --note "why this patch must not be trained on"`);
  }
}

export interface RecordDecisionOptions {
  store: RunStore;
  /** The reviewed trajectory's id. */
  id: string;
  status: "accepted" | "rejected";
  by: string;
  note?: string | undefined;
  /** The time of the decision; now by default. */
  at?: string;
}

/**
 * A human's decision on a reviewed patch, stored on its review; a later decision replaces an
 * earlier one (the returned `previous` says what it was). A rejection must say why.
 */
export function recordDecision({ store, id, status, by, note = "", at = new Date().toISOString() }: RecordDecisionOptions): { review: PatchReview; previous?: PatchReview["decision"] } {
  const review = store.reviews.get(id);
  if (!review) throw new ReviewNotFoundError(id, store.trajectories.get(id) !== undefined);
  if (status === "rejected" && note.trim() === "") throw new RejectionNeedsNoteError(id);
  const saved = store.reviews.save({ ...review, decision: { status, by, note: note.trim(), decidedAt: at } });
  return { review: saved, ...(review.decision ? { previous: review.decision } : {}) };
}
