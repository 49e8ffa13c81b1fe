/** Token ids of the Harmony structural tokens in the `o200k_harmony` encoding. */
export const harmonySpecialTokens = {
  "<|return|>": 200002,
  "<|constrain|>": 200003,
  "<|channel|>": 200005,
  "<|start|>": 200006,
  "<|end|>": 200007,
  "<|message|>": 200008,
  "<|call|>": 200012,
} as const;

export type HarmonySpecialToken = keyof typeof harmonySpecialTokens;
