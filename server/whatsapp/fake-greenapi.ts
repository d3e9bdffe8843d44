// Used by tests, `npm run bench:turns` and the eval runner (never by the product itself), so it lives
// beside the Green API client rather than under test/.
// A fake Green API on a real HTTP port: records every call our client makes and answers like Green
// API does (idMessage), or with a forced status (429, 466, 500) for the next calls.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export type GreenApiCall = { method: string; idInstance: string; token: string; body: Record<string, unknown>; raw: Buffer; at: number };

export type FakeGreenApi = {
  url: string;
  calls: GreenApiCall[];
  failNext(status: number, times?: number): void;
  waitFor(pred: (c: GreenApiCall) => boolean, timeoutMs?: number): Promise<GreenApiCall>;
  onCall?: (c: GreenApiCall) => void;
  close(): Promise<void>;
};

export async function startFakeGreenApi(): Promise<FakeGreenApi> {
  const calls: GreenApiCall[] = [];
  const failures: number[] = [];
  const waiters: Array<{ pred: (c: GreenApiCall) => boolean; resolve: (c: GreenApiCall) => void }> = [];
  let fake: FakeGreenApi;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/waInstance(\w+)\/(\w+)\/([^/?]+)/.exec(req.url ?? '');
      if (!m) {
        res.writeHead(404).end();
        return;
      }
      const forced = failures.shift();
      if (forced) {
        res.writeHead(forced, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `forced ${forced}` }));
        return;
      }
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        body = { raw: Buffer.concat(chunks).length };
      }
      const call = { method: m[2], idInstance: m[1], token: m[3], body, raw: Buffer.concat(chunks), at: performance.now() };
      calls.push(call);
      fake.onCall?.(call);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i].pred(call)) {
          waiters[i].resolve(call);
          waiters.splice(i, 1);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ idMessage: randomBytes(8).toString('hex').toUpperCase() }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  fake = {
    url: `http://127.0.0.1:${port}`,
    calls,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    waitFor(pred, timeoutMs = 15_000) {
      const found = calls.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a Green API call')), timeoutMs);
        waiters.push({ pred, resolve: (c) => (clearTimeout(timer), resolve(c)) });
      });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  return fake;
}
