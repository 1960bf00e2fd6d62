// Starting and stopping the stand-ins' HTTP servers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

/** Listens on host:port (0 = any free port) and resolves with the server once it accepts connections. */
export function listen(app: express.Express, host: string, port: number): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${host}:${port} is already in use`, { cause: err }) : err),
    );
    server.listen(port, host, () => resolve(server));
  });
}

export function boundPort(server: { address(): AddressInfo | string | null }): number {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening on a TCP port');
  return address.port;
}

/** The host to put in a URL: a wildcard address is reachable from this machine as loopback. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export function httpUrl(host: string, server: http.Server): string {
  return `http://${urlHost(host)}:${boundPort(server)}`;
}

/** Closes the server, including idle keep-alive connections that would otherwise hold it open. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

/** JSON error answers, including bodies that are not valid JSON (express.json throws a 400 for them). */
export function jsonErrors(): express.ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    res.status(status).json({ error: status === 500 ? 'internal_error' : 'bad_request', message: String(err?.message ?? err) });
  };
}
