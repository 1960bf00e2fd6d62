// A citizen's client that pauses between submissions keeps its connection: the API (served by
// `listen`) holds idle keep-alive connections longer than Node's default of 5 s and than the
// proxies in front.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { listen } from '../../api/app';

const app = () => express().get('/ping', (_req, res) => res.json({ ok: true }));

/** Served by Node with its defaults, as a control. */
const servedPlainly = () =>
  new Promise<http.Server>((resolve) => {
    const s = app().listen(0, '127.0.0.1', () => resolve(s));
  });

/** The local ports of two requests on one kept-alive agent, 6 s apart; the agent keeps its socket. */
async function portsAcrossAPause(server: http.Server, agent: http.Agent): Promise<[number, number]> {
  const port = (server.address() as AddressInfo).port;
  const get = () =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/ping', agent }, (res) => {
          const local = res.socket.localPort!;
          res.resume().on('end', () => resolve(local));
        })
        .on('error', reject);
    });
  const first = await get();
  await new Promise((r) => setTimeout(r, 6_000));
  return [first, await get()];
}

test('an idle connection survives a 6 s pause (Node alone closes it after 5 s), and closing the server does not wait for it', async () => {
  const kept = await listen(app(), 0, '127.0.0.1');
  const plain = await servedPlainly();
  const agents = [new http.Agent({ keepAlive: true, maxSockets: 1 }), new http.Agent({ keepAlive: true, maxSockets: 1 })];
  try {
    const [[a, b], [c, d]] = await Promise.all([portsAcrossAPause(kept, agents[0]), portsAcrossAPause(plain, agents[1])]);
    expect(b).toBe(a); // the same connection
    expect(d).not.toBe(c); // the control: Node's default closed it
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
