// A citizen's client that pauses between submissions keeps its connection: the API (served by
// `listen`) holds idle keep-alive connections longer than Node's default of 5 s and than the
// proxies in front.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import express from 'express';
import { listen } from '../../api/app';

const app = () => express().get('/ping', (_req, res) => res.json({ ok: true }));

/** Served by Node with its defaults, as a control. */
const servedPlainly = () =>
  new Promise<http.Server>((resolve) => {
    const s = app().listen(0, '127.0.0.1', () => resolve(s));
  });

/** One GET on the agent: the local port and the socket it went over. */
const ping = (server: http.Server, agent: http.Agent) =>
  new Promise<{ port: number; socket: Socket }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/ping', agent }, (res) => {
        const socket = res.socket;
        res.resume().on('end', () => resolve({ port: socket.localPort!, socket }));
      })
      .on('error', reject);
  });

/** Whether the socket is closed within `ms` (at once when it already is). */
const closedWithin = (socket: Socket, ms: number) =>
  new Promise<boolean>((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

test('an idle connection survives a 6 s pause (Node alone closes it after 5 s), and closing the server does not wait for it', async () => {
  const kept = await listen(app(), 0, '127.0.0.1');
  const plain = await servedPlainly();
  const agents = [new http.Agent({ keepAlive: true, maxSockets: 1 }), new http.Agent({ keepAlive: true, maxSockets: 1 })];
  try {
    const [first, control] = await Promise.all([ping(kept, agents[0]), ping(plain, agents[1])]);
    await new Promise((r) => setTimeout(r, 6_000));
    // The control: Node's default closed the idle connection (its timer may run late on a busy machine).
    expect(await closedWithin(control.socket, 5_000)).toBe(true);
    // Kept: the same connection serves the next request.
    expect(first.socket.destroyed).toBe(false);
    expect((await ping(kept, agents[0])).port).toBe(first.port);
    // The client still holds the idle connection; stopping the API closes it instead of waiting 65 s.
    const started = Date.now();
    await new Promise((r) => kept.close(r));
    expect(Date.now() - started).toBeLessThan(2_000);
  } finally {
    for (const agent of agents) agent.destroy();
    if (kept.listening) kept.close();
    plain.close();
  }
});
