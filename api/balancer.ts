// How the stand-alone API spreads connections over its serving processes. The supervisor accepts
// each connection and hands it to the serving process with the fewest open connections. Node's
// cluster module hands them round-robin to whichever process acknowledges first, and a keep-alive
// connection stays with its process for its whole life: with 20 citizens' connections opened at
// once (or the few long-lived ones of a proxy in front), one process was measured holding 15 and
// the other 7, and the requests of the first waited about twice as long.
import type { Server, ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { logger } from '../platform/logger';

/** What the supervisor and a serving process tell each other. */
type BalancerMessage = { balancer: 'ready' } | { balancer: 'connection' } | { balancer: 'closed' };

function isBalancerMessage(message: unknown, kind: BalancerMessage['balancer']): boolean {
  return typeof message === 'object' && message !== null && (message as { balancer?: unknown }).balancer === kind;
}

/** Counts the open connections of each serving process; the next goes to the one with fewest. */
export class LeastConnections<P> {
  private readonly open = new Map<P, number>();

  add(serving: P): void {
    this.open.set(serving, 0);
  }

  remove(serving: P): void {
    this.open.delete(serving);
  }

  /** The process with the fewest open connections (the longest serving among equals), now one more. */
  take(): P | undefined {
    let chosen: P | undefined;
    let fewest = Infinity;
    for (const [serving, count] of this.open) {
      if (count < fewest) [chosen, fewest] = [serving, count];
    }
    if (chosen !== undefined) this.open.set(chosen, fewest + 1);
    return chosen;
  }

  closed(serving: P): void {
    const count = this.open.get(serving);
    if (count) this.open.set(serving, count - 1);
  }

  countOf(serving: P): number | undefined {
    return this.open.get(serving);
  }
}

/** A serving process as the supervisor sees it: a cluster worker or a forked child. */
export interface ServingProcess {
  send(message: BalancerMessage, handle: net.Socket, callback: (error: Error | null) => void): boolean;
}

/**
 * The supervisor's side: listens on host:port and hands each connection, still unread, to a
 * serving process once that process has said it is ready (`fromProcess`). Connections that arrive
 * while no process is ready wait for one.
 */
export async function balanceConnections(port: number, host: string) {
  const processes = new LeastConnections<ServingProcess>();
  const waiting = new Set<net.Socket>();

  const handOver = (socket: net.Socket) => {
    const target = processes.take();
    if (!target) {
      waiting.add(socket);
      socket.once('close', () => waiting.delete(socket));
      return;
    }
    waiting.delete(socket);
    target.send({ balancer: 'connection' }, socket, (error) => {
      if (!error) return;
      // The process ended meanwhile: the client sees the connection closed and connects again.
      processes.closed(target);
      socket.destroy();
    });
  };

  const server = net.createServer({ pauseOnConnect: true }, handOver);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));

  return {
    /** The port listened on (the one asked for, or the one given for 0). */
    port: (server.address() as AddressInfo).port,
    /** A message from a serving process: it is ready, or one of its connections closed. */
    fromProcess(serving: ServingProcess, message: unknown): void {
      if (isBalancerMessage(message, 'ready')) {
        processes.add(serving);
        for (const socket of [...waiting]) handOver(socket);
      } else if (isBalancerMessage(message, 'closed')) processes.closed(serving);
    },
    /** How many connections a serving process holds (undefined when it is not serving). */
    countOf(serving: ServingProcess): number | undefined {
      return processes.countOf(serving);
    },
    /** A serving process ended: it gets no more connections. */
    ended(serving: ServingProcess): void {
      processes.remove(serving);
    },
    /** Stops accepting connections (those already handed over stay with their processes). */
    close(): Promise<void> {
      for (const socket of waiting) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The supervisor as a serving process sees it: `process` of a cluster worker or forked child. */
export interface Supervisor {
  on(event: 'message', listener: (message: unknown, handle: unknown) => void): unknown;
  send?(message: BalancerMessage): unknown;
}

/**
 * A serving process's side: serves the connections the supervisor hands over on `server` (which
 * does not listen itself), and tells the supervisor when one closes. `stop()` takes no more,
 * closes the idle connections, and lets the requests under way finish, each response closing its
 * connection; it resolves when no connection is left, or after `graceMs`.
 */
export function serveHandedConnections(server: Server, supervisor: Supervisor) {
  const send = (message: BalancerMessage) => supervisor.send?.(message);
  const connections = new Set<net.Socket>();
  /** The response under way on each connection that has one. */
  const busy = new Map<net.Socket, ServerResponse>();
  let stopping = false;
  let allClosed: (() => void) | undefined;

  const closeIfIdle = (socket: net.Socket) => {
    if (stopping && !busy.has(socket)) socket.destroySoon();
  };

  supervisor.on('message', (message, handle) => {
    if (!isBalancerMessage(message, 'connection') || !(handle instanceof net.Socket)) return;
    if (stopping) return void handle.destroy();
    connections.add(handle);
    handle.once('close', () => {
      connections.delete(handle);
      busy.delete(handle);
      send({ balancer: 'closed' });
      if (connections.size === 0) allClosed?.();
    });
    server.emit('connection', handle);
    handle.resume();
  });

  server.on('request', (request, response) => {
    const socket = request.socket;
    busy.set(socket, response);
    if (stopping) response.shouldKeepAlive = false;
    response.once('close', () => {
      busy.delete(socket);
      closeIfIdle(socket);
    });
  });

  // Node enforces the headers and request timeouts (against clients that send slowly) only on a
  // server that has started listening; this one never listens itself.
  server.emit('listening');
  send({ balancer: 'ready' });

  return {
    stop(graceMs = 30_000): Promise<void> {
      stopping = true;
      // Responses not yet begun say "Connection: close"; idle connections close now.
      for (const response of busy.values()) if (!response.headersSent) response.shouldKeepAlive = false;
      for (const socket of connections) closeIfIdle(socket);
      if (connections.size === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          logger.warn({ open: connections.size }, 'requests still under way after the grace period; closing their connections');
          for (const socket of connections) socket.destroy();
          resolve();
        }, graceMs);
        allClosed = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}
