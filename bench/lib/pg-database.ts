import pg from 'pg';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one bench run (`deskwire_bench_<pid>_<time>`) on the server of
 * `baseUrl`, so the bench never touches another user's tables; `drop` removes it.
 */
export async function createBenchDatabase(baseUrl: string): Promise<BenchDatabase> {
  const name = `deskwire_bench_${process.pid}_${Date.now()}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
