import type { PreparedUpload } from './upload.js';

/** A request body for one attempt, with the headers that describe it. */
export interface OutgoingBody {
  body: NonNullable<RequestInit['body']>;
  /** `Content-Type`; absent when `fetch` sets it itself (FormData). */
  contentType?: string;
  /** The body is a stream: `fetch` needs `duplex: 'half'`. */
  streaming: boolean;
}

/** A text part and repeatable file parts under one field name: the L2/L3 form (`ticketDTO` + `files`). */
export interface MultipartForm {
  fields: ReadonlyArray<readonly [name: string, value: string]>;
  fileField: string;
  files: readonly PreparedUpload[];
}

/**
 * The form as a body. Blobs only (paths, Blobs, bytes): a standard `FormData`; `fetch` streams each
 * blob (a path's blob reads the file as it goes) and sends a Content-Length. With a caller's stream
 * among the files: a multipart body generated on the fly and sent chunked, so nothing is buffered.
 */
export function multipartBody(form: MultipartForm): OutgoingBody {
  if (form.files.every((f) => f.kind === 'blob')) {
    const data = new FormData();
    for (const [name, value] of form.fields) data.append(name, value);
    for (const file of form.files) {
      if (file.kind === 'blob') data.append(form.fileField, file.blob, file.fileName);
    }
    return { body: data, streaming: false };
  }
  const boundary = `----deskwire-${crypto.randomUUID()}`;
  return {
    body: readableFrom(parts(form, boundary)),
    contentType: `multipart/form-data; boundary=${boundary}`,
    streaming: true,
  };
}

const encoder = new TextEncoder();

async function* parts(form: MultipartForm, boundary: string): AsyncGenerator<Uint8Array> {
  for (const [name, value] of form.fields) {
    yield encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`);
  }
  for (const file of form.files) {
    yield encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="${quote(form.fileField)}"; filename="${quote(file.fileName)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
    );
    const stream = file.kind === 'blob' ? file.blob.stream() : file.stream;
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) yield chunk;
    yield encoder.encode('\r\n');
  }
  yield encoder.encode(`--${boundary}--\r\n`);
}

/** HTML's multipart/form-data escaping of names (what `FormData` does): `"` and newlines are percent-encoded. */
function quote(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function readableFrom(iterator: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel(reason) {
      await iterator.throw(reason).catch(() => {});
    },
  });
}
