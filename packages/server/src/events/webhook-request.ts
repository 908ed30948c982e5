import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkLiteralHost, guardedLookup } from './ssrf-guard.js';

export interface WebhookResponse {
  /** HTTP status, or `null` when there was no response (refused, timed out, blocked). */
  status: number | null;
  /** The first 200 characters of the body, or why there was none. */
  excerpt: string;
  latencyMs: number;
}

const EXCERPT_CHARS = 200;

/**
 * POSTs one signed delivery. Redirects are never followed (a 3xx is a failed attempt), so a receiver
 * cannot bounce the request to an internal address; the target's address is checked after DNS.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
      checkLiteralHost(target.hostname, options.allowPrivate);
    } catch (error) {
      resolve({ status: null, excerpt: (error as Error).message.slice(0, EXCERPT_CHARS), latencyMs: elapsed() });
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Deskwire-Webhooks/1',
        },
        lookup: guardedLookup(options.allowPrivate),
        timeout: options.timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < EXCERPT_CHARS) text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? null, excerpt: text.slice(0, EXCERPT_CHARS), latencyMs: elapsed() }),
        );
        res.on('error', (error) => resolve({ status: null, excerpt: error.message, latencyMs: elapsed() }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no response within ${options.timeoutMs} ms`)));
    req.on('error', (error) =>
      resolve({ status: null, excerpt: error.message.slice(0, EXCERPT_CHARS), latencyMs: elapsed() }),
    );
    req.end(body);
  });
}
