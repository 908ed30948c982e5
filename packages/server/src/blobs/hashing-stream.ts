import { createHash } from 'node:crypto';
import { type Readable, Transform } from 'node:stream';

/** A pass-through that hashes (SHA-256) and counts what flows through it, for content-addressed stores. */
export interface HashingStream {
  readonly stream: Transform;
  /** The digest and size once the stream has ended; call once. */
  result(): { sha256: string; size: number };
}

export function hashingStream(): HashingStream {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest('hex'), size }) };
}

/**
 * Rejects a source that was destroyed before the store started reading it (an upload cut off
 * mid-part): piping it would never settle. Call with no `await` between this and the pipeline.
 */
export function assertNotDestroyed(content: Readable): void {
  if (content.destroyed) {
    throw (
      content.errored ??
      Object.assign(new Error('The content stream was closed before it ended'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })
    );
  }
}
