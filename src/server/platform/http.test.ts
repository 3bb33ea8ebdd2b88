import net from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ENCODE_ANSWERS_OVER_CHARS, installLargeAnswerEncoding, installUnusedSocketClose } from './http';

describe('large JSON answers', () => {
  it('are sent as bytes encoded once, whole and with their byte length; small ones stay strings', async () => {
    const app = Fastify({ logger: false });
    installLargeAnswerEncoding(app);
    const seen: string[] = [];
    app.addHook('onSend', async (_req, _reply, payload) => {
      seen.push(Buffer.isBuffer(payload) ? 'bytes' : typeof payload);
      return payload;
    });
    // Two bytes a character in memory, three in UTF-8: the case the hook is for.
    const items = Array.from({ length: 2000 }, (_, i) => ({ i, text: `第 ${i} 项：开展危险化学品企业安全风险隐患排查治理，落实企业主体责任 "引号" \\ 😀` }));
    app.get('/large', async () => ({ items }));
    app.get('/small', async () => ({ items: items.slice(0, 3) }));
    const large = await app.inject({ method: 'GET', url: '/large' });
    expect(JSON.stringify({ items }).length).toBeGreaterThan(ENCODE_ANSWERS_OVER_CHARS);
    expect(large.statusCode).toBe(200);
    expect(large.headers['content-type']).toContain('application/json');
    expect(Number(large.headers['content-length'])).toBe(large.rawPayload.length);
    expect(large.json()).toEqual({ items });
    const small = await app.inject({ method: 'GET', url: '/small' });
    expect(small.json()).toEqual({ items: items.slice(0, 3) });
    expect(seen).toEqual(['bytes', 'string']);
    await app.close();
  });
});

describe('shutdown', () => {
  it('does not wait for a socket that never sent a request; a request in flight still finishes', async () => {
    const app = Fastify({ logger: false, forceCloseConnections: 'idle' });
    installUnusedSocketClose(app);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inFlight = new Promise<void>((r) => (started = r));
    app.get('/slow', async () => {
      started();
      await held;
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as net.AddressInfo).port;
    // A preconnected socket: connected, nothing sent.
    const silent = net.connect(port, '127.0.0.1');
    const silentClosed = new Promise<void>((r) => silent.once('close', () => r()));
    silent.on('error', () => undefined);
    await new Promise<void>((r) => silent.once('connect', () => r()));
    const answer = fetch(`http://127.0.0.1:${port}/slow`).then((r) => r.json());
    await inFlight;
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await silentClosed; // destroyed by the server, not left until the headers timeout
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false); // the request in flight holds the close
    release();
    expect(await answer).toEqual({ done: true });
    await closing; // its keep-alive socket closed once answered, not after Fastify's 72 s
    expect(closed).toBe(true);
  }, 20_000);
});
