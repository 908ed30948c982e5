import type { FastifyRequest } from 'fastify';
import { AuthFailure } from '../core/auth-failure.js';
import './app-services.js';

/**
 * Runs a dialect's credential check; a refusal is logged at info with its reason and the key's public id
 * (never a secret, never the presented value of an unknown key) and counted in `/metrics`
 * (`deskwire_auth_failures_total{dialect,reason}`), then rethrown unchanged for the caller's one answer.
 */
export async function reportingAuthFailures<T>(
  request: FastifyRequest,
  dialect: 'leadsquared' | 'kapture' | 'native',
  check: () => Promise<T>,
): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof AuthFailure) {
      request.log.info(
        { dialect, reason: error.reason, ...(error.keyId !== undefined && { keyId: error.keyId }), ip: request.ip },
        'authentication failed',
      );
      request.server.deskwireServices.metrics.recordAuthFailure(dialect, error.reason);
    }
    throw error;
  }
}
