import { UserError } from "../user-error.js";

/** A flag's value as a whole number of 0 or more; `example` goes in the hint. */
export function wholeNumber(flag: string, text: string, example = "10"): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || text.trim() === "") throw new UserError(`${flag} expects a whole number, not "${text}"`, `for example ${flag} ${example}`);
  return value;
}

/** A flag's value as a whole number of 1 or more. */
export function positiveNumber(flag: string, text: string, example = "4"): number {
  const value = wholeNumber(flag, text, example);
  if (value < 1) throw new UserError(`${flag} expects a positive whole number, not "${text}"`, `for example ${flag} ${example}`);
  return value;
}

/** A flag's value as a number from 0 (or, with `aboveZero`, above 0) to 1. */
export function fraction(flag: string, text: string, { example = "0.5", aboveZero = false }: { example?: string; aboveZero?: boolean } = {}): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (aboveZero && value === 0) || value > 1 || text.trim() === "") {
    throw new UserError(`${flag} expects a number ${aboveZero ? "above 0 and at most 1" : "from 0 to 1"}, not "${text}"`, `for example ${flag} ${example}`);
  }
  return value;
}
