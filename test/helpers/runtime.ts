// Starts the real product (runtime + fastify on a real port + workers) on a fresh test database.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { ModelProvider } from '@openai/agents';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { freePort } from '../../db/embedded.ts';
import { createRuntime, type Runtime } from '../../server/runtime.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export type TestRuntime = { rt: Runtime; app: FastifyInstance; url: string; db: TestDatabase; logs: string[]; close(): Promise<void> };

export type StartOptions = { workers?: boolean; db?: TestDatabase; wrapModelProvider?: (p: ModelProvider) => ModelProvider; keepDb?: boolean };

export async function startTestRuntime(env: Record<string, string> = {}, opts: StartOptions = {}): Promise<TestRuntime> {
  const db = opts.db ?? (await createTestDatabase({ max: 2 }));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'likelemba-rt-'));
  const port = await freePort();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env });
  const rt = await createRuntime(config, { logDestination: sink, port, wrapModelProvider: opts.wrapModelProvider });
  const app = await buildApp(rt);
  await app.listen({ port, host: '127.0.0.1' });
  if (opts.workers !== false) await rt.startWorkers();
  return {
    rt,
    app,
    url: `http://127.0.0.1:${port}`,
    db,
    logs,
    async close() {
      await app.close();
      await rt.close();
      if (!opts.keepDb) await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
