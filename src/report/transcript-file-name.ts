import { createHash } from "node:crypto";

/**
 * The transcript page of a trajectory, relative to the report: `trajectories/<id>.html`, with any
 * character unsafe in a file name replaced (and a short hash then added, so two ids never collide).
 */
export function transcriptFileName(trajectoryId: string): string {
  const safe = trajectoryId.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_").slice(0, 120);
  const suffix = safe === trajectoryId ? "" : `-${createHash("sha256").update(trajectoryId).digest("hex").slice(0, 8)}`;
  return `trajectories/${safe}${suffix}.html`;
}
