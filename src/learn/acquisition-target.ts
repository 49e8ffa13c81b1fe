/**
 * What gap analysis and skill cards ask acquisition for: more tasks of one category, and how to
 * look for them. Learn writes targets; acquisition reads them and reports what it found.
 */
export interface AcquisitionTarget {
  /** The thin category, e.g. `bugClass:off-by-one`, `module:money`, `card:never-ran-tests`. */
  category: string;
  /** Why it is a target: below its target share, or too few tasks for a reliable solve rate. */
  why: string;
  /** Tasks wanted in this category before it stops being thin. */
  want: number;
  /** Repositories (local paths or store names) to look in; empty means every configured one. */
  repos: string[];
  /** Mutation operators that make bugs of this class (inject). */
  operators: string[];
  /** Symbols to aim at: qualified names, or prefixes ending in `*` (inject). */
  sites: string[];
  /** Commit filters for mining: `path:GLOB`, `message:REGEX`, `kind:bug-fix` (mine). */
  commitFilters: string[];
  /** The skill card that asked for it, when one did. */
  skillCardId?: string;
}
