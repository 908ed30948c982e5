import type { RequestSpec } from './load.js';

/** A response as our server sent it: what the ceiling server and Prism replay. */
export interface CapturedResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Sends `spec` once to `base` and keeps the answer's status, content type and exact body bytes. */
export async function capture(base: string, spec: RequestSpec): Promise<CapturedResponse> {
  const response = await fetch(base + spec.path, {
    method: spec.method,
    headers: spec.headers,
    ...(spec.body !== undefined && { body: spec.body }),
  });
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`capture ${spec.method} ${spec.path}: ${response.status} ${body.toString()}`);
  return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body };
}
