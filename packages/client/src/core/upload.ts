import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** Where a file's bytes come from. */
export type FileSource =
  /** A file path (or `file:` URL): opened with `fs.openAsBlob`, read as it is sent, re-openable for a retry. */
  | string
  | URL
  /** A `Blob` or `File`: sent as is, streamed by `fetch`. */
  | Blob
  /** Bytes already in memory (a `Buffer` is a `Uint8Array`). */
  | Uint8Array
  /**
   * A Node `Readable` (any async iterable of bytes) or a web `ReadableStream`: streamed once, so a call
   * that carries one is never retried. Typed without Node's `NodeJS` namespace, so the SDK's types need
   * no `@types/node` (a Node `Readable` is an `AsyncIterable`).
   */
  | AsyncIterable<Uint8Array>
  | ReadableStream<Uint8Array>;

/** One file to upload. `fileName` defaults to the path's base name or the `File`'s name. */
export interface FileUpload {
  data: FileSource;
  fileName?: string;
  /** Default: from the file name's extension, else `application/octet-stream`. */
  contentType?: string;
}

/** A file to upload: a path, a `File`, or the full form. */
export type UploadInput = string | File | FileUpload;

/** An upload ready to send: a blob (replayable) or a one-shot stream. */
export type PreparedUpload =
  | { kind: 'blob'; fileName: string; contentType: string; blob: Blob }
  | { kind: 'stream'; fileName: string; contentType: string; stream: ReadableStream<Uint8Array> };

/** Whether every input can be read again for a retry (no caller-owned stream). */
export function uploadsReplayable(inputs: readonly UploadInput[]): boolean {
  return inputs.every((input) => !isStreamSource(toFileUpload(input).data));
}

/** Opens every input for one attempt: files are opened lazily (`openAsBlob`), never read whole. */
export async function prepareUploads(inputs: readonly UploadInput[]): Promise<PreparedUpload[]> {
  return Promise.all(inputs.map((input) => prepareUpload(toFileUpload(input))));
}

async function prepareUpload(upload: FileUpload): Promise<PreparedUpload> {
  const { data } = upload;
  const fileName = upload.fileName ?? defaultName(data);
  const contentType = upload.contentType ?? (data instanceof Blob && data.type ? data.type : guessType(fileName));
  if (typeof data === 'string' || data instanceof URL) {
    const path = data instanceof URL ? fileURLToPath(data) : data;
    return { kind: 'blob', fileName, contentType, blob: await openAsBlob(path, { type: contentType }) };
  }
  if (data instanceof Blob) return { kind: 'blob', fileName, contentType, blob: data };
  if (data instanceof Uint8Array)
    return { kind: 'blob', fileName, contentType, blob: new Blob([data], { type: contentType }) };
  if (data instanceof ReadableStream) return { kind: 'stream', fileName, contentType, stream: data };
  return {
    kind: 'stream',
    fileName,
    contentType,
    stream: Readable.toWeb(Readable.from(data)) as ReadableStream<Uint8Array>,
  };
}

function toFileUpload(input: UploadInput): FileUpload {
  if (typeof input === 'string') return { data: input };
  if (input instanceof Blob) return { data: input };
  return input;
}

function isStreamSource(data: FileSource): boolean {
  return !(typeof data === 'string' || data instanceof URL || data instanceof Blob || data instanceof Uint8Array);
}

function defaultName(data: FileSource): string {
  if (typeof data === 'string') return basename(data);
  if (data instanceof URL) return basename(fileURLToPath(data));
  if (typeof File !== 'undefined' && data instanceof File && data.name) return data.name;
  throw new TypeError('fileName is required when uploading a Blob, bytes or a stream');
}

/** Common types by extension; anything else is `application/octet-stream`. */
const TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  json: 'application/json',
  xml: 'application/xml',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  eml: 'message/rfc822',
};

export function guessType(fileName: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return (ext && TYPES[ext]) || 'application/octet-stream';
}
