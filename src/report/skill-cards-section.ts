import { escapeHtml } from "./escape-html.js";
import { emptyNote, percent, shortTime } from "./html-parts.js";
import type { ReportSection, SectionContext } from "./report-section.js";

/** Evidence links shown per card; the rest are counted. */
const MAX_EVIDENCE = 12;

export function skillCardsSection({ data, trajectoryLink }: SectionContext): ReportSection {
  const cards = data.skillCards;
  const empty = "no skill cards yet: kaizen learn distils failed trajectories into named weaknesses (kaizen loop runs it each round)";
  if (cards.length === 0) return { id: "cards", title: "Skill cards", html: emptyNote(empty), empty };
  const list = (label: string, items: string[]) =>
    items.length > 0 ? `<div class="card-row"><span class="k">${escapeHtml(label)}</span> ${items.map((item) => `<code>${escapeHtml(item)}</code>`).join(" ")}</div>` : "";
  const html = cards.map((card) => {
    const shown = card.evidence.slice(0, MAX_EVIDENCE);
    const more = card.evidence.length - shown.length;
    return `<article class="skill-card" id="card-${escapeHtml(card.id)}">
<header><h3>${escapeHtml(card.name)}</h3><span class="count" title="failures with this signature">${card.count}×</span></header>
<div class="card-meta"><code>${escapeHtml(card.signature)}</code>${card.solveRate !== undefined ? ` · solve rate ${percent(card.solveRate, 1)}` : ""}${card.roundId ? ` · round ${escapeHtml(card.roundId)}` : ""} · ${shortTime(card.createdAt)}${card.sharpenedBy ? ` · sharpened by ${escapeHtml(card.sharpenedBy)}` : ""}</div>
${card.description ? `<p>${escapeHtml(card.description)}</p>` : ""}
${list("modules", card.modules)}${list("patterns", card.patterns)}
<div class="recipe"><div class="k">recipe</div>${list("operators", card.recipe.operators)}${list("sites", card.recipe.sites)}${list("commit filters", card.recipe.commitFilters)}</div>
<div class="card-row evidence-links"><span class="k">evidence</span> ${shown.map(trajectoryLink).join(" ")}${more > 0 ? ` <span class="dim">and ${more} more</span>` : ""}</div>
</article>`;
  });
  return { id: "cards", title: "Skill cards", html: `<div class="cards">${html.join("\n")}</div>` };
}
