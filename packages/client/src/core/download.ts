import type { CallOptions } from './options.js';
import type { Credential, Interpret, Operation, Seam } from './request.js';

/** An attachment's bytes as they arrive. */
export interface DownloadStream {
  body: ReadableStream<Uint8Array>;
  contentType: string | null;
  /** From `Content-Length`, when sent. */
  size: number | null;
}

/**
 * GETs a URL and hands back its body as a stream (never buffered). A signed URL is its own
 * credential: no API keys are sent, and it does not spend the API's rate-limit budget.
 */
export async function downloadStream(
  seam: Seam,
  request: { operation: Operation; url: string; call?: CallOptions | undefined; credential?: Credential },
  fail: Interpret<never>,
): Promise<DownloadStream> {
  const response = await seam.stream(
    {
      operation: request.operation,
      url: new URL(request.url),
      call: request.call,
      ...(request.credential && { credential: request.credential }),
    },
    fail,
  );
  const length = response.headers.get('content-length');
  const body = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  return {
    body,
    contentType: response.headers.get('content-type'),
    size: length !== null && /^\d+$/.test(length) ? Number(length) : null,
  };
}
