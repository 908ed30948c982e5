import { DEFAULT_DOWNLOAD_TTL_SECONDS, DEFAULT_LIMITS, type RequestLimits, type ServerOptions } from '../config.js';

/** `ServerOptions` with the defaults filled in: what every surface reads. */
export interface ResolvedServerOptions extends Omit<ServerOptions, 'publicUrl' | 'limits' | 'downloadUrlTtlSeconds'> {
  publicUrl: string | undefined;
  limits: RequestLimits;
  downloadUrlTtlSeconds: number;
}

export function resolveServerOptions(options: ServerOptions): ResolvedServerOptions {
  const { publicUrl, limits, downloadUrlTtlSeconds, ...rest } = options;
  return {
    ...rest,
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    limits: { ...DEFAULT_LIMITS, ...limits },
    downloadUrlTtlSeconds: downloadUrlTtlSeconds ?? DEFAULT_DOWNLOAD_TTL_SECONDS,
  };
}
