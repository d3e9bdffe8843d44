import pg from 'pg';
import { startEvalPostgres } from './harness/postgres.ts';
const p = await startEvalPostgres();
for (const strat of ['WAL_LOG', 'FILE_COPY', 'WAL_LOG', 'FILE_COPY']) {
  const c = new pg.Client({ connectionString: p.adminUrl }); await c.connect();
  const t = performance.now();
  for (let i = 0; i < 5; i++) await c.query(`create database x${i} template ${p.template} strategy ${strat}`);
  const t2 = performance.now();
  for (let i = 0; i < 5; i++) await c.query(`drop database x${i} with (force)`);
  console.log(strat, 'create', (t2 - t) / 5, 'drop', (performance.now() - t2) / 5);
  await c.end();
}
await p.close();
