import { ApiError } from '../errors/api-error.js';
import type { Latency } from './latency-distribution.js';

/** A canned response a fault rule answers with instead of the real one. */
export interface FaultResponse {
  status: number;
  /** A JSON body. Absent (and no `rawBody`): an empty body. */
  body?: unknown;
  /** A body sent byte for byte (text/plain unless `headers` names a content type). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** What a client sends to create a rule (docs/sandbox.md "Fault rules"). */
export interface FaultRuleInput {
  /** Default: `fault-<n>` for a rule for every tenant, `fault-<orgId>-<n>` for one tenant's (`faultRuleIdPrefix`). */
  id?: string;
  /** The tenant whose requests the rule affects; absent or `null`: every tenant. */
  orgId?: number | null;
  /** An operation name (`lsq.getTicket`), a prefix pattern (`lsq.*`), or `*` (the default). */
  operation?: string;
  /** Chance that a matching request is affected, 0..1. Default 1. */
  probability?: number;
  /** Stop after affecting this many requests. Default: no limit. */
  times?: number | null;
  latency?: Latency;
  respond?: FaultResponse;
  /** Close the connection without any response (after `latency`, if any). */
  drop?: boolean;
}

export interface FaultRule {
  id: string;
  orgId: number | null;
  operation: string;
  probability: number;
  times: number | null;
  latency: Latency | null;
  respond: FaultResponse | null;
  drop: boolean;
  /** How many requests the rule has affected so far. */
  fired: number;
  createdAt: string;
}

/** The request a rule is matched against. */
export interface FaultTarget {
  orgId: number;
  operation: string;
}

/**
 * Fault rules, matched in the order they were added; the first rule that matches and fires (by its
 * probability, while its `times` lasts) shapes the request, and only that one. Async throughout, so
 * a shared store (e.g. Redis, with `pick` as one script so `fired` counts stay exact) can replace
 * the in-memory one.
 */
export interface FaultRuleStore {
  add(input: FaultRuleInput): Promise<FaultRule>;
  get(id: string): Promise<FaultRule | undefined>;
  /** Every rule, or the rules scoped to one tenant (`orgId`) — rules for every tenant excluded. */
  list(orgId?: number): Promise<FaultRule[]>;
  remove(id: string): Promise<boolean>;
  /** Removes every rule, or the rules scoped to one tenant; returns how many. */
  clear(orgId?: number): Promise<number>;
  /** The rule that fires for this request (its `fired` count already taken), or `undefined`. */
  pick(target: FaultTarget): Promise<FaultRule | undefined>;
}

/** Rules a store holds at most: every matching call walks them, so the list stays short. */
export const MAX_FAULT_RULES = 1000;

export class MemoryFaultRuleStore implements FaultRuleStore {
  readonly #rules: FaultRule[] = [];
  readonly #random: () => number;
  readonly #now: () => Date;
  /** The last number handed out per scope (`null`: rules for every tenant); kept by `clear`. */
  readonly #lastNumbers = new Map<number | null, number>();

  /** `random` (uniform in [0, 1)) decides probabilities; inject a fixed sequence in tests. */
  constructor(options: { random?: () => number; now?: () => Date } = {}) {
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? (() => new Date());
  }

  async add(input: FaultRuleInput): Promise<FaultRule> {
    if (this.#rules.length >= MAX_FAULT_RULES) throw tooManyFaultRules();
    const id = input.id ?? this.#freshId(input.orgId ?? null);
    if (this.#rules.some((r) => r.id === id)) throw faultRuleExists(id);
    const rule = toFaultRule(input, id, this.#now());
    this.#rules.push(rule);
    return structuredClone(rule);
  }

  async get(id: string): Promise<FaultRule | undefined> {
    const rule = this.#rules.find((r) => r.id === id);
    return rule && structuredClone(rule);
  }

  async list(orgId?: number): Promise<FaultRule[]> {
    return structuredClone(orgId === undefined ? this.#rules : this.#rules.filter((r) => r.orgId === orgId));
  }

  async remove(id: string): Promise<boolean> {
    const at = this.#rules.findIndex((r) => r.id === id);
    if (at < 0) return false;
    this.#rules.splice(at, 1);
    return true;
  }

  async clear(orgId?: number): Promise<number> {
    const before = this.#rules.length;
    const kept = orgId === undefined ? [] : this.#rules.filter((r) => r.orgId !== orgId);
    this.#rules.splice(0, this.#rules.length, ...kept);
    return before - kept.length;
  }

  async pick(target: FaultTarget): Promise<FaultRule | undefined> {
    for (const rule of this.#rules) {
      if (!ruleMatches(rule, target) || !drawFires(rule, this.#random)) continue;
      rule.fired += 1;
      return structuredClone(rule);
    }
    return undefined;
  }

  /** The scope's next id (`faultRuleIdPrefix`), skipping any id a client chose that happens to look the same. */
  #freshId(orgId: number | null): string {
    for (;;) {
      const n = (this.#lastNumbers.get(orgId) ?? 0) + 1;
      this.#lastNumbers.set(orgId, n);
      const id = `${faultRuleIdPrefix(orgId)}${n}`;
      if (!this.#rules.some((r) => r.id === id)) return id;
    }
  }
}

/**
 * What the ids the store gives a scope's rules start with: `fault-<n>` for rules for every tenant,
 * `fault-<orgId>-<n>` for one tenant's, `n` counted per scope. A tenant's Admin sees its rules' ids, so one
 * count for all would show it how many rules the operator and the other tenants add.
 */
export function faultRuleIdPrefix(orgId: number | null): string {
  return orgId === null ? 'fault-' : `fault-${orgId}-`;
}

export function tooManyFaultRules(): ApiError {
  return new ApiError('ValidationError', `at most ${MAX_FAULT_RULES} fault rules; remove some first`);
}

export function faultRuleExists(id: string): ApiError {
  return new ApiError('ValidationError', `fault rule '${id}' already exists`);
}

/** Whether a rule applies to a request (tenant, operation) and has firings left. Shared by every store. */
export function ruleMatches(rule: FaultRule, target: FaultTarget): boolean {
  if (rule.orgId !== null && rule.orgId !== target.orgId) return false;
  if (rule.times !== null && rule.fired >= rule.times) return false;
  if (rule.operation === '*') return true;
  if (rule.operation.endsWith('*')) return target.operation.startsWith(rule.operation.slice(0, -1));
  return rule.operation === target.operation;
}

/** Draws whether a matching rule fires, by its probability. Shared by every store. */
export function drawFires(rule: FaultRule, random: () => number): boolean {
  // 0 never fires and 1 always does, without a draw: injected sequences stay easy to follow.
  return rule.probability >= 1 || (rule.probability > 0 && random() < rule.probability);
}

/** Response headers a rule may not set: the server frames the body itself. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade']);

/** RFC 9110 §5.1 field-name: a token. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * RFC 9110 §5.5 field-value: visible characters with spaces or tabs inside, none at either end. obs-text
 * (bytes 0x80–0xFF) is refused too: the RFC deprecates it, and characters beyond Latin-1 cannot be sent.
 */
const HEADER_VALUE = /^(?:[\x21-\x7e](?:[\t\x20-\x7e]*[\x21-\x7e])?)?$/;

/**
 * Checks what the schema cannot express and fills in defaults. Shared by every store, so all of
 * them accept exactly the same rules.
 */
export function toFaultRule(input: FaultRuleInput, id: string, now: Date): FaultRule {
  const { respond, latency } = input;
  if (!respond && !latency && !input.drop) {
    throw new ApiError('ValidationError', 'a fault rule needs an effect: respond, latency or drop');
  }
  if (respond && input.drop) throw new ApiError('ValidationError', 'a fault rule cannot both respond and drop');
  if (respond && respond.body !== undefined && respond.rawBody !== undefined) {
    throw new ApiError('ValidationError', 'respond takes body (JSON) or rawBody (text), not both');
  }
  for (const [name, value] of Object.entries(respond?.headers ?? {})) {
    if (!HEADER_NAME.test(name)) {
      throw new ApiError(
        'ValidationError',
        `respond.headers: ${JSON.stringify(name)} is not a header name (RFC 9110 token: letters, digits and !#$%&'*+.^_\`|~-)`,
      );
    }
    if (FRAMING_HEADERS.has(name.toLowerCase())) {
      throw new ApiError('ValidationError', `respond.headers cannot set '${name}'; the server frames the body`);
    }
    if (!HEADER_VALUE.test(value)) {
      throw new ApiError(
        'ValidationError',
        `respond.headers['${name}'] must be visible ASCII with inner spaces or tabs (RFC 9110 field-value): no CR, LF, other control or non-ASCII characters, no leading or trailing whitespace`,
      );
    }
  }
  if (latency?.type === 'uniform' && latency.minMs > latency.maxMs) {
    throw new ApiError('ValidationError', 'latency minMs must not exceed maxMs');
  }
  return {
    id,
    orgId: input.orgId ?? null,
    operation: input.operation ?? '*',
    probability: input.probability ?? 1,
    times: input.times ?? null,
    latency: latency ?? null,
    respond: respond ?? null,
    drop: input.drop ?? false,
    fired: 0,
    createdAt: now.toISOString(),
  };
}
