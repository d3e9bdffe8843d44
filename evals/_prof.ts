import { startEvalPostgres } from './harness/postgres.ts';
import { startFakeGreenApi } from '../test/helpers/fake-greenapi.ts';
import { runEpisode } from './harness/episode.ts';
import { loadCases } from './load.ts';
const pg = await startEvalPostgres();
const fake = await startFakeGreenApi();
const cases = loadCases();
const t = performance.now();
await Promise.all([0,1,2].map(async (i) => {
  const db = await pg.slot();
  for (let j = 0; j < 4; j++) {
  const c = cases[(i+j) % 2];
  const ep = await runEpisode(c, 0, { fake, model: 'local', env: { OPENAI_API_KEY: '' }, turnTimeoutMs: 20000 }, db);
  console.log(c.id, Math.round(ep.ms), JSON.stringify(ep.phases), ep.turns.map((x) => Math.round(x.ms)), ep.error);
  }
  await db.drop();
}));
console.log('total', performance.now() - t);
await fake.close(); await pg.close();
