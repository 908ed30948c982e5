/**
 * A search snippet: the server HTML-escapes the text and wraps hits in `<mark>`…`</mark>`. It is rendered
 * as React text and `<mark>` elements, never as HTML, so a snippet cannot inject markup whatever it holds.
 */
export function Snippet({ html }: { html: string }) {
  const parts = html.split(/(<mark>|<\/mark>)/);
  let marked = false;
  const out: React.ReactNode[] = [];
  let position = 0;
  for (const part of parts) {
    position += 1;
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    // Keys are positions: the parts of one snippet never move.
    else if (part !== '')
      out.push(marked ? <mark key={`m${position}`}>{decodeEntities(part)}</mark> : decodeEntities(part));
  }
  return <span className="snippet">{out}</span>;
}

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
};

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity);
}
