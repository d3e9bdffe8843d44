// Entry point: `npm start` (web + workers), `npm run web`, `npm run worker`.
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createRuntime } from './runtime.ts';

const arg = process.argv.indexOf('--role');
const role = (arg > 0 ? process.argv[arg + 1] : 'all') as 'all' | 'web' | 'worker';
if (!['all', 'web', 'worker'].includes(role)) {
  console.error(`unknown --role ${role} (expected web, worker or all)`);
  process.exit(2);
}

const config = loadConfig();
const rt = await createRuntime(config, { role });
const app = role === 'worker' ? undefined : await buildApp(rt);
if (app) await app.listen({ port: config.PORT, host: config.HOST });
if (role !== 'web') await rt.startWorkers();
rt.log.info(
  {
    role,
    port: config.PORT,
    whatsapp: config.whatsappMode,
    model: rt.modelName,
    simulator: config.whatsappMode === 'sandbox' ? `${rt.publicBaseUrl}/simulator` : undefined,
  },
  'Likelemba is running',
);

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    rt.log.info({ sig }, 'shutting down');
    await app?.close().catch(() => {});
    await rt.close();
    process.exit(0);
  });
}
