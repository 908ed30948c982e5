import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SEED_TICKET_ID } from './kapture-test-server.js';

/** The built CLI: the server is started the way a user starts it. */
const BIN = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url));
const TIMEOUT_MS = 20_000;

/** The environment of every child: no inherited DESKWIRE_* settings. */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DESKWIRE_')));
}

/** Runs a program to completion with `input` on stdin; killed after a bounded time. */
function run(
  command: string,
  args: readonly string[],
  input = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not finish within ${TIMEOUT_MS} ms\n${stderr}`));
    }, TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** `deskwire serve --host 127.0.0.1 --port 0 --demo --data-dir DIR`; resolves with the base URL (first stdout line). */
function serve(dataDir: string): Promise<{ url: string; child: ChildProcess; exited: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'serve',
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--demo',
        '--migrate',
        '--data-dir',
        dataDir,
        '--log-level',
        'warn',
      ],
      { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`deskwire serve printed no URL within ${TIMEOUT_MS} ms\n${stderr}`));
    }, TIMEOUT_MS);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      resolve({ url: stdout.slice(0, stdout.indexOf('\n')), child, exited });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`deskwire serve exited (${code}) before printing its URL\n${stderr}`));
    });
  });
}

const snippet = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe("the Kapture get-ticket page's curl and Python snippets against a local Deskwire", () => {
  let dataDir: string;
  let server: { url: string; child: ChildProcess; exited: Promise<void> } | undefined;
  let token: string;
  let host: string;
  let exampleKeys: string[];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'deskwire-kapture-snippets-'));
    server = await serve(dataDir);
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:[0-9]+$/);
    host = new URL(server.url).host;
    const created = await run(process.execPath, [
      BIN,
      'token',
      'create',
      '--org-id',
      '22824',
      '--api',
      'get',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    assert.equal(created.code, 0, created.stderr);
    token = (JSON.parse(created.stdout) as { token: string }).token;
    const example = JSON.parse(await snippet('kapture-get-ticket-713516551148.json')) as Array<{
      task_details: object;
    }>;
    exampleKeys = Object.keys(example[0]?.task_details ?? {});
  });
  after(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The printed response is the example's shape, for the example's ticket. */
  const checkResponse = (stdout: string) => {
    const body = JSON.parse(stdout) as Array<{
      additional_info: object;
      history: object;
      task_details: Record<string, unknown>;
    }>;
    assert.ok(Array.isArray(body) && body.length === 1, stdout);
    const [ticket] = body as [(typeof body)[number]];
    assert.deepEqual(Object.keys(ticket), ['additional_info', 'history', 'task_details']);
    assert.deepEqual(Object.keys(ticket.task_details), exampleKeys);
    assert.equal(ticket.task_details.ticketId, SEED_TICKET_ID);
  };

  test('curl: only the host (https → http) and the token placeholder change', async () => {
    const original = await snippet('kapture-get-ticket-curl.sh');
    const script = original.replace('https://devapi.kapturecrm.com', `http://${host}`).replace('<Your Token>', token);
    assert.equal(script.split('\n').length, original.split('\n').length, 'no line added or removed');
    const result = await run('sh', ['-s'], script);
    assert.equal(result.code, 0, result.stderr);
    checkResponse(result.stdout);
  });

  test('Python http.client: only the host (HTTPSConnection → HTTPConnection) and the token placeholder change', async () => {
    const original = await snippet('kapture-get-ticket.py');
    const script = original
      .replace('http.client.HTTPSConnection("devapi.kapturecrm.com")', `http.client.HTTPConnection("${host}")`)
      .replace('<Your Token>', token);
    assert.notEqual(script, original);
    assert.equal(script.split('\n').length, original.split('\n').length);
    const result = await run('python3', ['-'], script);
    assert.equal(result.code, 0, result.stderr);
    checkResponse(result.stdout);
  });

  test('without the token the snippets get the documented failure', async () => {
    const script = (await snippet('kapture-get-ticket-curl.sh')).replace(
      'https://devapi.kapturecrm.com',
      `http://${host}`,
    );
    const result = await run('sh', ['-s'], script);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { message: 'Invalid Auth Key', status: 'failed' });
  });
});
