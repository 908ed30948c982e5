import { decodeHtmlEntities } from '@deskwire/wire';

export { decodeHtmlEntities };

/** `decodeHtmlEntities` for a nullable value; `null` stays `null`. */
export function decodeText(text: string | null | undefined): string | null {
  return text == null ? null : decodeHtmlEntities(text);
}
