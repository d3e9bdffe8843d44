import pg from 'pg';
import { startEvalPostgres } from './harness/postgres.ts';
const p = await startEvalPostgres();
const d = await p.clone();
const c = new pg.Client({ connectionString: d.url }); await c.connect();
const r = await c.query(`select schemaname, tablename from pg_tables where schemaname not in ('pg_catalog','information_schema') order by 1,2`);
console.log(r.rows.map((x) => `${x.schemaname}.${x.tablename}`).join(' '));
const r2 = await c.query(`select pg_database_size(current_database()) as s`); console.log(r2.rows);
await c.end(); await d.drop(); await p.close();
