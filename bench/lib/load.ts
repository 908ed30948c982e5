import autocannon from 'autocannon';

/** One HTTP request that autocannon repeats. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT';
  /** Path and query, appended to the server's base URL. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface LoadOptions {
  connections: number;
  durationSec: number;
  /** Requests per second across all connections; as fast as the server answers when absent. */
  rate?: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
}

/**
 * Drives `base + spec.path` for `durationSec` with `connections` keep-alive connections. Fails on any
 * error or non-2xx answer: a throughput of error responses would measure the wrong thing.
 */
export async function load(base: string, spec: RequestSpec, options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: base + spec.path,
    method: spec.method,
    headers: spec.headers,
    ...(spec.body !== undefined && { body: spec.body }),
    connections: options.connections,
    duration: options.durationSec,
    ...(options.rate !== undefined && { overallRate: options.rate }),
    timeout: 30,
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    throw new Error(
      `${spec.method} ${spec.path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return {
    rps: result.requests.total / options.durationSec,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
  };
}
