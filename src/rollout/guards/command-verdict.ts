/** A command the guards refuse: why, and what to do instead. Both are shown to the agent. */
export interface BlockedCommand {
  allowed: false;
  reason: string;
  hint: string;
}

export type CommandVerdict = { allowed: true } | BlockedCommand;
