import { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ConnectionLimits } from '../config.js';

/** A request whose body is still arriving. */
interface BodyWatch {
  request: FastifyRequest;
  socket: Socket;
  /** When the body started, shifted forward by the time the server itself paused reading. */
  startedAt: number;
  startBytes: number;
  lastBytes: number;
  lastProgressAt: number;
}

/**
 * How often the body deadlines are checked: a quarter of the idle timeout, at most once a second, so a
 * slow socket is closed at most that long after its deadline (docs/reliability.md).
 */
export function bodyCheckIntervalMs(limits: Pick<ConnectionLimits, 'bodyIdleTimeoutMs'>): number {
  return Math.max(10, Math.min(1000, Math.floor(limits.bodyIdleTimeoutMs / 4)));
}

/**
 * Closes sockets whose request body stalls (`bodyIdleTimeoutMs` without a byte) or drips (below
 * `minBodyBytesPerSecond` on average once the body has run for `bodyIdleTimeoutMs`). Progress is read
 * from `socket.bytesRead`, which needs no listener on the request stream (the JSON parser and the
 * multipart reader consume it themselves). Time in which the server paused reading (back-pressure from
 * the blob store) counts as progress, never against the client. One timer serves every watched body.
 */
export function installSlowClientGuard(app: FastifyInstance, limits: ConnectionLimits): void {
  if (limits.bodyIdleTimeoutMs <= 0) return;
  const watches = new Set<BodyWatch>();
  const tickMs = bodyCheckIntervalMs(limits);
  let timer: NodeJS.Timeout | undefined;

  const check = () => {
    const now = Date.now();
    for (const watch of watches) {
      const { request, socket } = watch;
      if (request.raw.complete || socket.destroyed) {
        watches.delete(watch);
        continue;
      }
      const bytes = socket.bytesRead;
      if (bytes > watch.lastBytes || socket.isPaused()) {
        if (socket.isPaused()) watch.startedAt += now - watch.lastProgressAt;
        watch.lastBytes = bytes;
        watch.lastProgressAt = now;
        const elapsed = now - watch.startedAt;
        const rate = ((bytes - watch.startBytes) * 1000) / Math.max(elapsed, 1);
        if (
          limits.minBodyBytesPerSecond > 0 &&
          elapsed >= limits.bodyIdleTimeoutMs &&
          rate < limits.minBodyBytesPerSecond
        ) {
          close(watch, 'body slower than the minimum rate', { bytesPerSecond: Math.round(rate) });
        }
      } else if (now - watch.lastProgressAt >= limits.bodyIdleTimeoutMs) {
        close(watch, 'body stalled', { idleMs: now - watch.lastProgressAt });
      }
    }
    if (watches.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  const close = (watch: BodyWatch, reason: string, detail: Record<string, number>) => {
    watches.delete(watch);
    watch.request.log.info({ reason, ...detail }, 'slow client: connection closed');
    // The client is not reading its own request on time; a response it may never read is not worth
    // waiting for. Node's own header timeout does the same (408 and close).
    if (!watch.socket.writableEnded) {
      watch.socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
    watch.socket.destroySoon();
  };

  app.addHook('onRequest', (request, _reply, done) => {
    const socket = request.raw.socket;
    // Only real sockets: `inject` (tests, embedders) hands in a stand-in without a byte count.
    if (hasBody(request) && !request.raw.complete && socket instanceof Socket) {
      const now = Date.now();
      watches.add({
        request,
        socket,
        startedAt: now,
        startBytes: socket.bytesRead,
        lastBytes: socket.bytesRead,
        lastProgressAt: now,
      });
      timer ??= setInterval(check, tickMs).unref();
    }
    done();
  });

  // An answer sent before the body was read (an early 401 or 413) ends the connection: otherwise Node
  // keeps the socket to read the rest of a body that may never come.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.raw.socket instanceof Socket && !request.raw.complete) reply.header('connection', 'close');
    done(null, payload);
  });

  app.addHook('onClose', (_app, done) => {
    if (timer) clearInterval(timer);
    watches.clear();
    done();
  });
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Caps the connections one client address holds open; a connection over the cap is closed as it
 * arrives, before any byte is parsed. Counts the socket's own peer address (a proxy's, behind one).
 */
export function capConnectionsPerAddress(app: FastifyInstance, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  app.server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
