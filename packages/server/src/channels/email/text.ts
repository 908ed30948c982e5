/**
 * A conversation's `Text` as the vendor shows it: the message's plain text with every run of
 * whitespace (line breaks of the quoted chain included) collapsed to one space, as in the seed
 * ("…a while ago. Thanks, Wim").
 */
export function flattenText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
