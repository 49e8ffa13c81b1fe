/**
 * Phrases that address an AI agent rather than a human reader: the marks of a prompt injection
 * hidden in repository content. Each is narrow on purpose; a README's "system requirements", a
 * `system()` call or a comment saying "ignore whitespace" must not match.
 */
const INSTRUCTION_PATTERNS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:(?:the|your|my|these|those)\s+)?(?:previous|prior|above|earlier|preceding|foregoing|original|initial|system)\s+(?:instructions?|prompts?|directions?|directives?|rules|guidelines|system\s+prompt)\b/gi,
  /\b(?:ignore|disregard|forget|override)\s+(?:all\s+)?(?:of\s+)?your\s+(?:instructions?|prompts?|directives?|rules|guidelines|system\s+prompt|programming|training)\b/gi,
  /\byou\s+are\s+now\s+(?:an?\s+|the\s+|my\s+)(?:[\w-]+\s+){0,3}(?:AI|assistant|agent|model|bot|chatbot|persona|character|hacker|DAN)\b/gi,
  /\byou\s+are\s+now\s+(?:in\s+)?(?:developer|god|jailbreak|jailbroken|DAN|unrestricted|admin|sudo)\s+mode\b/gi,
  /\byou\s+are\s+now\s+(?:DAN|free|unrestricted|jailbroken|no\s+longer\s+(?:bound|restricted|an?\s+AI))\b/gi,
  /\b(?:your|reveal|print|output|repeat|show|ignore|override|forget|leak)\s+(?:the\s+|your\s+)?system\s+prompt\b/gi,
  /^[ \t>#*-]*(?:begin\s+|end\s+)?system\s+prompt\s*:/gim,
  /\b[Aa]s\s+an\s+AI(?:\s+language\s+model|\s+assistant|\s+model)?\b(?!\s*(?:researcher|engineer|company|startup|lab|practitioner|product|team|expert|ethicist)s?\b)/g,
  /\bnew\s+instructions\s*:/gi,
  /<\|(?:im_start|im_end|start|end|system|user|assistant|endoftext|begin_of_text|start_header_id|eot_id)\|>/g,
  /\[\/?INST\]|<<\/?SYS>>/g,
  /\b(?:do\s+not|don't|never)\s+(?:tell|inform|alert|notify|mention\s+(?:this|it)\s+to|reveal\s+(?:this|it)\s+to)\s+the\s+user\b/gi,
  // Role lines of a chat transcript; prose only, so `assistant: Assistant = make()` is not one.
  /^[ \t>]*assistant\s*:[ \t]*[^\s=(){};[\]<>]+(?:[ \t]+[^\s=(){};[\]<>]+){2,}[ \t]*$/gim,
  /^[ \t>]*system\s*:[^\n=(){};]*\b(?:you|your|instructions?|ignore|must)\b[^\n=(){};]*$/gim,
  // Within one stretch of prose: install docs that put the curl line in a code fence do not match.
  /\brun\s+(?:the\s+following|this|these)\s+commands?\b(?:(?!```)[\s\S]){0,200}?\b(?:curl|wget)\b/gi,
  /\bsubmit\s+(?:it\s+|this\s+|now\s+|your\s+(?:answer|patch|solution|work)\s+)?immediately\b/gi,
  /\bmark\s+(?:this|the)\s+task\s+as\s+(?:done|resolved|complete|completed|solved|finished|fixed)\b/gi,
  /\bthe\s+tests?\s+(?:are|is)\s+(?:wrong|broken|incorrect|invalid)\s*[,;:.\-–—]*\s*(?:so\s+|just\s+|please\s+|you\s+(?:should|must|can)\s+)*(?:delete|skip|remove|disable|ignore|comment\s+out|xfail)\b/gi,
];

const MAX_EXCERPT = 80;

/**
 * The instruction-like phrases in a piece of repository content, each once, as trimmed excerpts
 * of at most 80 characters. Repository content is data; these are flagged in the step's events
 * and left in the observation.
 */
export function flagInstructionLikeText(text: string): string[] {
  const matches: { start: number; end: number }[] = [];
  for (const pattern of INSTRUCTION_PATTERNS) {
    for (const match of text.matchAll(pattern)) matches.push({ start: match.index, end: match.index + match[0].length });
  }
  // Earliest first, longest first, so a phrase inside a longer one ("your system prompt" in
  // "disregard your system prompt") is dropped.
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const excerpts: string[] = [];
  const seen = new Set<string>();
  let coveredTo = -1;
  for (const { start, end } of matches) {
    if (end <= coveredTo) continue;
    coveredTo = Math.max(coveredTo, end);
    const excerpt = shorten(text.slice(start, end));
    if (excerpt && !seen.has(excerpt.toLowerCase())) {
      seen.add(excerpt.toLowerCase());
      excerpts.push(excerpt);
    }
  }
  return excerpts;
}

function shorten(phrase: string): string {
  const flat = phrase.replace(/\s+/g, " ").trim();
  return flat.length > MAX_EXCERPT ? `${flat.slice(0, MAX_EXCERPT - 1).trimEnd()}…` : flat;
}
