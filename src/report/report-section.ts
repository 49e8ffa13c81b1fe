import type { ReportData } from "./report-data.js";

/** One section of the report page; `empty` says why it has nothing to show and what fills it. */
export interface ReportSection {
  id: string;
  title: string;
  html: string;
  empty?: string;
}

export interface SectionContext {
  data: ReportData;
  /** A trajectory id as a link to its transcript page, or as plain code when it has none. */
  trajectoryLink: (trajectoryId: string) => string;
}
