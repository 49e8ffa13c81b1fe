import { isPermissive } from "../provenance/is-permissive.js";
import type { Provenance, ProvenanceSource, ProvenanceTier } from "../schema/records.js";

const RANK: Record<ProvenanceTier, number> = { transparent: 0, gray: 1, opaque: 2 };

/**
 * A step's provenance: every source in its context plus the policy's own output, and the highest
 * tier among them. Until a provenance policy file assigns tiers (curation), repository files under
 * a permissive licence and human input are transparent, and everything else is gray.
 */
export function provenanceOf({ sources, actorSource }: { sources: readonly ProvenanceSource[]; actorSource?: ProvenanceSource | undefined }): Provenance {
  const all = actorSource ? [...sources, actorSource] : [...sources];
  const tier = all.map(defaultTier).reduce<ProvenanceTier>((highest, next) => (RANK[next] > RANK[highest] ? next : highest), "transparent");
  return { tier, sources: all };
}

export function defaultTier(source: ProvenanceSource): ProvenanceTier {
  switch (source.kind) {
    case "repo-file":
      return isPermissive(source.license) ? "transparent" : "gray";
    case "human":
      return "transparent";
    case "dataset":
      return isPermissive(source.license) ? "transparent" : "gray";
    default:
      return "gray";
  }
}
