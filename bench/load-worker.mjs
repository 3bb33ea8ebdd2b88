// Runs autocannon in its own process (the load generator must not share the server's event loop)
// and prints the result as JSON. Input: a JSON object on stdin (see load() in bench/lib.ts).
import autocannon from 'autocannon';

// Decode the whole input at once: a multi-byte character may straddle two chunks of the pipe.
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const o = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const u = new URL(o.url);
let k = 0;
const variants = o.variants && o.variants.length ? o.variants : null;
const result = await autocannon({
  url: `${u.protocol}//${u.host}`,
  connections: o.connections,
  duration: o.seconds,
  requests: [
    {
      method: o.method ?? 'GET',
      path: u.pathname + u.search,
      headers: o.headers,
      body: o.body,
      // Cycle through the request variants (different ids, filters, bodies) across all connections.
      ...(variants
        ? {
            setupRequest: (req) => {
              const v = variants[k++ % variants.length];
              return { ...req, method: v.method ?? req.method, path: v.path ?? req.path, body: v.body ?? req.body };
            },
          }
        : {}),
    },
  ],
});
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, v.count])),
  }),
);
