// The stand-alone API's supervisor hands each connection to the serving process with the fewest
// open connections, and a serving process stops without cutting a request short. Here both sides
// run in this process: a "serving process" is an HTTP server fed through an in-process channel
// instead of the IPC channel of a forked process.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import express from 'express';
import { balanceConnections, LeastConnections, serveHandedConnections, type ServingProcess } from '../../api/balancer';
import { createHttpServer } from '../../api/app';

type Balancer = Awaited<ReturnType<typeof balanceConnections>>;

/** A serving process in this process: the balancer's messages and handles reach it directly. */
function servingProcess(balancer: Balancer, name: string, app = express().get('/name', (_req, res) => res.json({ name })), server = createHttpServer(app)) {
  const channel = new EventEmitter();
  const asSeenBySupervisor: ServingProcess = {
    send(message, handle, callback) {
      setImmediate(() => {
        channel.emit('message', message, handle);
        callback(null);
      });
      return true;
    },
  };
  const connections = serveHandedConnections(server, {
    on: (event, listener) => channel.on(event, listener),
    send: (message) => balancer.fromProcess(asSeenBySupervisor, message),
  });
  return { name, process: asSeenBySupervisor, connections };
}

/** A client holding one keep-alive connection, asking which process serves it. */
function client(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string) =>
    new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, agent }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
        })
        .on('error', reject);
    });
  return {
    agent,
    servedBy: async () => (JSON.parse((await get('/name')).body) as { name: string }).name,
    get,
  };
}

const until = async (holds: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('the next connection goes to the process with the fewest open ones, the longest serving among equals', () => {
  const processes = new LeastConnections<string>();
  expect(processes.take()).toBeUndefined();
  processes.add('a');
  processes.add('b');
  expect([processes.take(), processes.take(), processes.take()]).toEqual(['a', 'b', 'a']);
  processes.closed('a');
  processes.closed('a');
  expect(processes.take()).toBe('a');
  processes.remove('a');
  expect([processes.take(), processes.countOf('b')]).toEqual(['b', 2]);
});

test('connections are spread evenly, and those opened after some closed go to the process that lost them', async () => {
  const balancer = await balanceConnections(0, '127.0.0.1');
  const clients: ReturnType<typeof client>[] = [];
  try {
    // A connection that comes before any process is ready waits for one.
    const early = client(balancer.port);
    clients.push(early);
    const earlyServedBy = early.servedBy();
    const a = servingProcess(balancer, 'a');
    const b = servingProcess(balancer, 'b');
    expect(await earlyServedBy).toBe('a');

    for (let i = 0; i < 5; i++) clients.push(client(balancer.port));
    const servedBy = [];
    for (const c of clients.slice(1)) servedBy.push(await c.servedBy());
    expect(servedBy).toEqual(['b', 'a', 'b', 'a', 'b']);

    // Two of a's three connections close (clients 0 and 2). The next three all go to a: two even
    // it out, and the third goes to the longest serving of two equals.
    for (const i of [0, 2]) clients[i].agent.destroy();
    await until(() => balancer.countOf(a.process) === 1);
    const later = [client(balancer.port), client(balancer.port), client(balancer.port)];
    clients.push(...later);
    const laterServedBy = [];
    for (const c of later) laterServedBy.push(await c.servedBy());
    expect(laterServedBy).toEqual(['a', 'a', 'a']);
    expect([balancer.countOf(a.process), balancer.countOf(b.process)]).toEqual([4, 3]);

    // An ended process gets no more connections.
    balancer.ended(a.process);
    const last = client(balancer.port);
    clients.push(last);
    expect(await last.servedBy()).toBe('b');
  } finally {
    for (const c of clients) c.agent.destroy();
    await balancer.close();
  }
});

test('a serving process that stops lets the request under way finish, closes its idle connections, and takes no more', async () => {
  const balancer = await balanceConnections(0, '127.0.0.1');
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let slowRequestArrived = false;
  const app = express()
    .get('/name', (_req, res) => res.json({ name: 'slow' }))
    .get('/slow', async (_req, res) => {
      slowRequestArrived = true;
      await released;
      res.json({ done: true });
    });
  const serving = servingProcess(balancer, 'slow', app);
  const [working, idle] = [client(balancer.port), client(balancer.port)];
  try {
    expect(await idle.servedBy()).toBe('slow');
    const underWay = working.get('/slow');
    // Handed over is not yet under way: stop only once the serving process is handling it.
    await until(() => balancer.countOf(serving.process) === 2 && slowRequestArrived);

    let stopped = false;
    const stopping = serving.connections.stop().then(() => (stopped = true));
    // The idle connection is closed at once; the one with a request under way stays open.
    await until(() => balancer.countOf(serving.process) === 1);
    expect(stopped).toBe(false);

    release();
    expect(await underWay).toEqual({ status: 200, body: JSON.stringify({ done: true }), connection: 'close' });
    await stopping;
    expect(balancer.countOf(serving.process)).toBe(0);

    // A connection handed over after the stop is closed unserved.
    await expect(client(balancer.port).get('/name')).rejects.toThrow(/socket hang up|ECONNRESET/);
  } finally {
    working.agent.destroy();
    idle.agent.destroy();
    await balancer.close();
  }
});

test('a client that never finishes its headers is answered 408 after the headers timeout, as by a server that listens itself', async () => {
  const balancer = await balanceConnections(0, '127.0.0.1');
  const app = express();
  const server = http.createServer({ connectionsCheckingInterval: 100 }, app);
  server.headersTimeout = 500;
  servingProcess(balancer, 'strict', app, server);
  try {
    const slow = net.connect(balancer.port, '127.0.0.1', () => slow.write('GET /name HTTP/1.1\r\nHost: api\r\n'));
    let answer = '';
    slow.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    const closed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 5_000);
      slow.once('close', () => resolve(true));
      slow.once('close', () => clearTimeout(timer));
    });
    slow.destroy();
    expect({ closed, answer: answer.split('\r\n')[0] }).toEqual({ closed: true, answer: 'HTTP/1.1 408 Request Timeout' });
  } finally {
    await balancer.close();
  }
});
