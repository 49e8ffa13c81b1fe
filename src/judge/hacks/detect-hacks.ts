import type { HackFlag } from "../../schema/records.js";
import { detectDependencyTamper } from "./detect-dependency-tamper.js";
import { detectEqualityOverride } from "./detect-equality-override.js";
import { detectFrameworkMonkeypatch } from "./detect-framework-monkeypatch.js";
import { detectHardCodedExpected } from "./detect-hard-coded-expected.js";
import { detectHistoryRead } from "./detect-history-read.js";
import { detectSkipMarker } from "./detect-skip-marker.js";
import { detectSpecialCasing } from "./detect-special-casing.js";
import { detectTestEdit } from "./detect-test-edit.js";
import type { HackEvidence, HackKind } from "./hack-evidence.js";

export { HACK_KINDS, type HackEvidence, type HackKind } from "./hack-evidence.js";

const DETECTORS: Record<HackKind, (evidence: HackEvidence) => HackFlag[]> = {
  "test-edit": detectTestEdit,
  "skip-marker": detectSkipMarker,
  "special-casing": detectSpecialCasing,
  "hard-coded-expected": detectHardCodedExpected,
  "equality-override": detectEqualityOverride,
  "framework-monkeypatch": detectFrameworkMonkeypatch,
  "history-read": detectHistoryRead,
  "dependency-tamper": detectDependencyTamper,
};

/**
 * Every hack the evidence shows, each with a one-line evidence string (and file/line when known);
 * `flag.detector` is a HackKind. Pure: the patch, the base files, the failing tests' sources and
 * the trajectory are all it reads.
 */
export function detectHacks(evidence: HackEvidence): HackFlag[] {
  const seen = new Set<string>();
  return Object.values(DETECTORS)
    .flatMap((detect) => detect(evidence))
    .filter((flag) => {
      const key = `${flag.detector}\0${flag.evidence}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
