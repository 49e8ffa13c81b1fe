import { renderTranscript } from "../rollout/render-transcript.js";
import type { Score, Task, Trajectory } from "../schema/records.js";
import { escapeHtml } from "./escape-html.js";
import { REPORT_CSS } from "./report-style.js";

export interface RenderTranscriptPageOptions {
  trajectory: Trajectory;
  task?: Task;
  score?: Score;
}

/**
 * One trajectory's page beside the report: its score and hack flags on top, then the terminal
 * transcript (renderTranscript's text, escaped, in a <pre>), with a link back to the report.
 */
export function renderTranscriptPage({ trajectory, task, score }: RenderTranscriptPageOptions): string {
  const text = renderTranscript({ trajectory, ...(task ? { task } : {}), maxObservationLines: 60 });
  const scoreHtml = score
    ? `<div class="figures">
<div class="figure${score.resolved ? "" : " warn"}"><div class="figure-value">${score.resolved ? "resolved" : "unresolved"}</div><div class="figure-label">outcome</div></div>
<div class="figure"><div class="figure-value">${escapeHtml(score.reward)}</div><div class="figure-label">reward</div></div>
<div class="figure${score.hackFlags.length > 0 ? " warn" : ""}"><div class="figure-value">${score.hackFlags.length}</div><div class="figure-label">hack flags</div></div>
${score.scope ? `<div class="figure"><div class="figure-value">${Math.round(score.scope.precision * 100)}% / ${Math.round(score.scope.recall * 100)}%</div><div class="figure-label">scope precision / recall</div></div>` : ""}
</div>
${score.hackFlags.length > 0 ? `<h3>Hack flags</h3><ul class="hack-flags">${score.hackFlags.map((flag) => `<li><code>${escapeHtml(flag.detector)}</code>${flag.file ? ` ${escapeHtml(flag.file)}${flag.line ? `:${flag.line}` : ""}` : ""}: ${escapeHtml(flag.evidence)}</li>`).join("")}</ul>` : ""}
${nonZero(score).length > 0 ? `<p class="note">shaped components: ${nonZero(score).map(([name, value]) => `<span class="kv"><span class="k">${escapeHtml(name)}</span> ${escapeHtml(value)}</span>`).join(" ")}</p>` : ""}`
    : '<p class="empty">not judged yet: kaizen judge scores it</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="color-scheme" content="light">
<title>trajectory ${escapeHtml(trajectory.id)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="page"><h1>trajectory <code>${escapeHtml(trajectory.id)}</code></h1><div class="meta"><a href="../index.html">← back to the report</a> · task <code>${escapeHtml(trajectory.taskId)}</code></div></header>
<main>
${scoreHtml}
<pre class="transcript">${escapeHtml(text)}</pre>
</main>
</body>
</html>
`;
}

function nonZero(score: Score): [string, number][] {
  return Object.entries(score.components).filter(([, value]) => value !== 0);
}
