// Optional sink: with LANGFUSE_PUBLIC_KEY/SECRET_KEY set, a run is uploaded as a Langfuse dataset
// experiment over the public REST API (no extra dependency): the dataset `likelemba-evals` holds one
// item per case (input = the actor's turns, expected = the expectations), each episode becomes a trace
// linked to the item in a dataset run named after the model and time, with pass/violation scores.
// Langfuse is a sink, never the gate.
import { randomUUID } from 'node:crypto';
import type { EpisodeVerdict } from './harness/judge.ts';
import type { LoadedCase } from './load.ts';
import type { Report } from './report.ts';

const DATASET = process.env.LANGFUSE_EVALS_DATASET ?? 'likelemba-evals';

export async function uploadToLangfuse(
  report: Report,
  cases: LoadedCase[],
  episodes: Array<{ job: { c: LoadedCase; trial: number; variant: number }; verdict: EpisodeVerdict; transcript: unknown }>,
): Promise<void> {
  const base = (process.env.LANGFUSE_BASE_URL ?? process.env.LANGFUSE_HOST ?? 'https://cloud.langfuse.com').replace(/\/$/, '');
  const auth = `Basic ${Buffer.from(`${process.env.LANGFUSE_PUBLIC_KEY}:${process.env.LANGFUSE_SECRET_KEY}`).toString('base64')}`;
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${base}/api/public/${p}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok && res.status !== 409) throw new Error(`${method} ${p}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    return res.status === 204 ? undefined : res.json().catch(() => undefined);
  };
  await api('POST', 'datasets', { name: DATASET, description: 'Likelemba conversation eval cases (evals/cases)' });
  for (const c of cases) {
    await api('POST', 'dataset-items', {
      datasetName: DATASET,
      id: c.id,
      // The PIN placeholder stays a placeholder: a PIN is never uploaded.
      input: { locale: c.locale, area: c.area, turns: c.turns.map((t) => t.variants ?? t.user ?? t.button) },
      expectedOutput: { turns: c.turns.map((t) => t.expect), final_state: c.final_state ?? null, forbidden: c.forbidden },
      metadata: { tags: c.tags, file: c.file },
    });
  }
  const runName = `${report.model} ${report.started_at}`;
  const batch: unknown[] = [];
  for (const e of episodes) {
    const traceId = randomUUID();
    const ts = new Date().toISOString();
    batch.push({
      id: randomUUID(),
      type: 'trace-create',
      timestamp: ts,
      body: {
        id: traceId,
        name: `eval ${e.job.c.id}`,
        input: { case: e.job.c.id, variant: e.job.variant, trial: e.job.trial },
        output: e.transcript,
        tags: ['evals', report.model],
        metadata: { causes: e.verdict.causes },
      },
    });
    batch.push({
      id: randomUUID(),
      type: 'score-create',
      timestamp: ts,
      body: { id: randomUUID(), traceId, name: 'passed', value: e.verdict.passed ? 1 : 0, dataType: 'NUMERIC' },
    });
    batch.push({
      id: randomUUID(),
      type: 'score-create',
      timestamp: ts,
      body: { id: randomUUID(), traceId, name: 'policy_violations', value: e.verdict.violations.length, dataType: 'NUMERIC' },
    });
    (e as { traceId?: string }).traceId = traceId;
  }
  for (let i = 0; i < batch.length; i += 200) await api('POST', 'ingestion', { batch: batch.slice(i, i + 200) });
  for (const e of episodes) {
    await api('POST', 'dataset-run-items', {
      runName,
      datasetItemId: e.job.c.id,
      traceId: (e as { traceId?: string }).traceId,
      metadata: { variant: e.job.variant, trial: e.job.trial },
    });
  }
  process.stderr.write(`langfuse: uploaded ${episodes.length} episodes as run "${runName}" of dataset ${DATASET}\n`);
}
