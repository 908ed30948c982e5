/** Default sizes that keep a tool result small enough for an agent's context. */
export const LIMITS = {
  /** Characters of a ticket description before it is cut. */
  descriptionChars: 4000,
  /** Characters of one message body before it is cut. */
  messageChars: 2000,
  /** Conversations per `list_conversations` page. */
  conversations: 20,
  /** The most `limit` and `max_chars` may ask for. */
  maxConversations: 100,
  maxChars: 100_000,
} as const;

export interface Cut {
  text: string;
  /** Set when the text was cut: the full length. */
  totalChars: number | null;
}

/** The first `max` characters (never splitting a surrogate pair), and the full length when cut. */
export function cut(text: string, max: number): Cut {
  if (text.length <= max) return { text, totalChars: null };
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { text: text.slice(0, end), totalChars: text.length };
}
