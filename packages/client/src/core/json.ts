import type { Static, TSchema } from '@sinclair/typebox';
import type { OutgoingBody } from './multipart.js';
import type { InterpretContext, RawResponse } from './request.js';
import { contractIssues, matches } from './validate.js';

/** A JSON request body (the same string for every attempt). */
export function jsonBody(value: unknown): () => Promise<OutgoingBody> {
  const text = JSON.stringify(value);
  return async () => ({ body: text, contentType: 'application/json', streaming: false });
}

/** The body as JSON, or `undefined` when it is empty or not JSON. */
export function tryParseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `value` (parsed from `response`, maybe reshaped) checked against `schema`: `CONTRACT` on a mismatch. */
export function checkValue<T extends TSchema>(
  schema: T,
  value: unknown,
  response: RawResponse,
  ctx: InterpretContext,
  validate: boolean,
): Static<T> {
  if (validate && !matches(schema, value)) {
    const issues = contractIssues(schema, value);
    throw ctx.fail({
      code: 'CONTRACT',
      status: response.status,
      message: `${ctx.request.operation}: the response does not match the wire contract: ${issues
        .map((i) => `${i.path} ${i.message}`)
        .join('; ')}`,
      rawBody: response.text,
      issues,
    });
  }
  return value as Static<T>;
}
