import type { Static, TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { type ContractIssue, DeskwireClientError } from './errors.js';
import { redactUrl } from './redact.js';
import type { Operation } from './request.js';

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

/** The compiled checker of a wire schema, compiled once per schema on first use. */
export function checker<T extends TSchema>(schema: T): TypeCheck<T> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check as TypeCheck<T>;
}

/** True when `value` matches `schema`. */
export function matches<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return checker(schema).Check(value);
}

/** The first `limit` places where `value` breaks `schema`. */
export function contractIssues(schema: TSchema, value: unknown, limit = 5): ContractIssue[] {
  const issues: ContractIssue[] = [];
  for (const error of checker(schema).Errors(value)) {
    issues.push({ path: error.path || '/', message: error.message });
    if (issues.length >= limit) break;
  }
  return issues;
}

/**
 * Refuses to send a body that breaks its wire schema: `VALIDATION` with status 0 and the issues,
 * before any rate-limit budget is spent.
 */
export function checkRequest<T extends TSchema>(
  schema: T,
  value: unknown,
  at: { operation: Operation; url: URL },
): asserts value is Static<T> {
  if (matches(schema, value)) return;
  const issues = contractIssues(schema, value);
  throw new DeskwireClientError({
    code: 'VALIDATION',
    message: `${at.operation.name}: the request does not match the wire schema: ${issues
      .map((i) => `${i.path} ${i.message}`)
      .join('; ')}`,
    request: { operation: at.operation.name, method: at.operation.method, url: redactUrl(at.url), headers: {} },
    issues,
    attempts: 0,
  });
}
