// `npm run evals [-- --model local|openai] [--filter tag] [--repeat k] [--compare report.json]`
// Runs every case through the real runtime in a fresh database per episode (bounded parallelism),
// judges it, prints per-area and per-language results, one JSON summary line, and last `N passed, N failed`.
// Writes evals/reports/latest.{json,md} (and a timestamped copy). See docs/evals.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTraceProcessors, setTracingDisabled } from '@openai/agents';
import { startFakeGreenApi } from '../server/whatsapp/fake-greenapi.ts';
import { BASELINE, gate, readBaseline, writeBaseline } from './gate.ts';
import { type EpisodeEnv, runEpisode, variantCount } from './harness/episode.ts';
import { type EpisodeVerdict, judgeEpisode } from './harness/judge.ts';
import { type EvalPostgres, type SlotDb, startEvalPostgres } from './harness/postgres.ts';
import { uploadToLangfuse } from './langfuse.ts';
import { filterCases, type LoadedCase, loadCases } from './load.ts';
import { caseResult, summarize } from './metrics.ts';
import { compareReports, consoleTables, markdown, type Report } from './report.ts';

export const REPORTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reports');

export type RunOptions = {
  model: 'local' | 'openai';
  filter?: string;
  repeat: number;
  compare?: string;
  concurrency: number;
  out?: string;
  verbose: boolean;
  langfuse: boolean;
  /** Check the run against evals/reports/baseline.json (exit 1 on a drop or any policy violation). */
  gate: boolean;
  updateBaseline: boolean;
};

export function parseArgs(argv: string[]): RunOptions {
  const o: RunOptions = {
    model: 'local',
    repeat: 1,
    concurrency: Number(process.env.EVALS_CONCURRENCY ?? 3),
    verbose: false,
    langfuse: true,
    gate: false,
    updateBaseline: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const name = a.split('=')[0];
    if (name === '--model') {
      const m = val();
      if (m !== 'local' && m !== 'openai') throw new Error('--model is local or openai');
      o.model = m;
    } else if (name === '--filter') o.filter = val();
    else if (name === '--repeat') o.repeat = Math.max(1, Number(val()));
    else if (name === '--compare') o.compare = val();
    else if (name === '--concurrency') o.concurrency = Math.max(1, Number(val()));
    else if (name === '--out') o.out = val();
    else if (name === '--verbose' || name === '-v') o.verbose = true;
    else if (name === '--no-langfuse') o.langfuse = false;
    else if (name === '--gate') o.gate = true;
    else if (name === '--update-baseline') o.updateBaseline = true;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** What the runtime gets from our environment: the model's variables only in openai mode, tracing keys always. */
function runtimeEnv(model: RunOptions['model']): Record<string, string> {
  const pick = (prefix: string) =>
    Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith(prefix) && v !== undefined)) as Record<string, string>;
  const env: Record<string, string> = { ...pick('LANGFUSE_') };
  if (model === 'openai') {
    if (!process.env.OPENAI_API_KEY) throw new Error('--model openai needs OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible endpoint)');
    Object.assign(env, pick('OPENAI_'));
  } else env.OPENAI_API_KEY = '';
  return env;
}

/** n slots, each with its own database, taking items in order. */
async function pool<T>(items: T[], n: number, pg: EvalPostgres, fn: (item: T, db: SlotDb) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      const db = await pg.slot();
      try {
        while (next < items.length) await fn(items[next++], db);
      } finally {
        await db.drop().catch(() => {});
      }
    }),
  );
}

export async function runEvals(o: RunOptions): Promise<Report> {
  const startedAt = new Date();
  const t0 = performance.now();
  const cases = filterCases(loadCases(), o.filter);
  if (!cases.length) throw new Error(`no case matches ${o.filter ?? '(all)'}`);
  const env = runtimeEnv(o.model);
  const pg = await startEvalPostgres();
  const fake = await startFakeGreenApi();
  const epEnv: EpisodeEnv = { fake, model: o.model, env, turnTimeoutMs: o.model === 'openai' ? 120_000 : 20_000 };
  type Job = { c: LoadedCase; trial: number; variant: number };
  const jobs: Job[] = [];
  for (const c of cases) for (let trial = 0; trial < o.repeat; trial++) for (let v = 0; v < variantCount(c); v++) jobs.push({ c, trial, variant: v });
  const verdicts = new Map<string, EpisodeVerdict[][]>();
  const caseMs = new Map<string, number>();
  const episodes: Array<{ job: Job; verdict: EpisodeVerdict; transcript: unknown }> = [];
  let done = 0;
  try {
    await pool(jobs, o.concurrency, pg, async (job, db) => {
      const ep = await runEpisode(job.c, job.variant, epEnv, db);
      const verdict = judgeEpisode(job.c, ep);
      const trials = verdicts.get(job.c.id) ?? [];
      trials[job.trial] ??= [];
      trials[job.trial].push(verdict);
      verdicts.set(job.c.id, trials);
      caseMs.set(job.c.id, (caseMs.get(job.c.id) ?? 0) + ep.ms);
      episodes.push({
        job,
        verdict,
        transcript: ep.turns.map((t) => ({
          user: t.isPin ? '[pin]' : t.sent,
          replies: t.replies.map((r) => r.text),
          agent: t.answeringAgent,
          tools: t.calls.map((c) => ({ name: c.name, args: c.args })),
        })),
      });
      done++;
      if (o.verbose && !verdict.passed)
        process.stderr.write(
          `FAIL ${job.c.id}#${job.variant}: ${verdict.causes.join(', ')} ${verdict.checks
            .map((x) => x.detail)
            .join(' | ')
            .slice(0, 300)}\n`,
        );
      if (done % 100 === 0) process.stderr.write(`… ${done}/${jobs.length} episodes\n`);
    });
  } finally {
    await fake.close();
    await pg.close();
  }
  const results = cases.map((c) => caseResult(c, (verdicts.get(c.id) ?? []).filter(Boolean), caseMs.get(c.id) ?? 0));
  const allVerdicts = [...verdicts.values()].flat(2);
  const live = cases.filter((c) => !c.tags.some((t) => t.startsWith('pending:')));
  const liveIds = new Set(live.map((c) => c.id));
  const modelName = o.model === 'openai' ? `openai:${process.env.OPENAI_MODEL ?? 'default'}` : 'local';
  const report: Report = {
    evals: 'report',
    version: 1,
    model: modelName,
    started_at: startedAt.toISOString(),
    duration_ms: Math.round(performance.now() - t0),
    filter: o.filter,
    repeat: o.repeat,
    summary: summarize(modelName, cases, results, allVerdicts, o.repeat),
    live: summarize(
      modelName,
      live,
      results.filter((r) => liveIds.has(r.id)),
      allVerdicts.filter((v) => liveIds.has(v.caseId)),
      o.repeat,
    ),
    cases: results,
  };
  if (o.langfuse && process.env.LANGFUSE_PUBLIC_KEY && process.env.LANGFUSE_SECRET_KEY) {
    await uploadToLangfuse(report, cases, episodes).catch((err) => process.stderr.write(`langfuse upload failed: ${String(err)}\n`));
  }
  return report;
}

export function writeReports(report: Report, out?: string): { json: string; md: string } {
  mkdirSync(REPORTS_DIR, { recursive: true });
  const stamp = report.started_at.replace(/[:.]/g, '-');
  const base = out ? out.replace(/\.json$/, '') : path.join(REPORTS_DIR, `${report.model.replace(/[^a-z0-9-]/gi, '_')}-${stamp}`);
  const json = `${base}.json`;
  const md = `${base}.md`;
  const body = `${JSON.stringify(report, null, 1)}\n`;
  writeFileSync(json, body);
  writeFileSync(md, markdown(report));
  if (!out) {
    writeFileSync(path.join(REPORTS_DIR, 'latest.json'), body);
    writeFileSync(path.join(REPORTS_DIR, 'latest.md'), markdown(report));
  }
  return { json, md };
}

export function summaryLine(r: Report): string {
  const s = r.summary;
  return JSON.stringify({
    evals: 'summary',
    model: r.model,
    cases: s.cases,
    passed: s.passed,
    intent_accuracy: s.intent_accuracy,
    intent_accuracy_live: r.live.intent_accuracy,
    slot_accuracy: s.slot_accuracy,
    tool_call_exact: s.tool_call_exact,
    tool_call_exact_live: r.live.tool_call_exact,
    final_state_match: s.final_state_match,
    policy_violations: s.policy_violations,
    redteam_violations: s.redteam_violations,
    policy_warnings: s.policy_warnings,
    pass_hat_k: s.pass_hat_k,
    latency_ms: s.latency_ms,
    duration_ms: r.duration_ms,
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  // The runtime re-applies this per episode; set it first so nothing exports before.
  setTraceProcessors([]);
  setTracingDisabled(!(process.env.LANGFUSE_PUBLIC_KEY && process.env.LANGFUSE_SECRET_KEY));
  const report = await runEvals(o);
  const files = writeReports(report, o.out);
  console.log(consoleTables(report));
  if (o.compare) console.log(compareReports(report, JSON.parse(readFileSync(o.compare, 'utf8')) as Report).text);
  console.log(`\nReports: ${path.relative(process.cwd(), files.json)}, ${path.relative(process.cwd(), files.md)}`);
  let gateOk = true;
  if (o.updateBaseline) {
    // The baseline covers every case of a clean run: a filtered run or one with a violation must not become the bar.
    if (o.filter || report.summary.policy_violations > 0) {
      console.log(`baseline NOT written: ${o.filter ? `the run was filtered (${o.filter})` : `${report.summary.policy_violations} policy violation(s)`}`);
      gateOk = false;
    } else {
      writeBaseline(report);
      console.log(`baseline written: ${path.relative(process.cwd(), BASELINE)}`);
    }
  } else if (o.gate) {
    const g = gate(report, readBaseline());
    gateOk = g.ok;
    for (const l of g.lines) console.log(l);
  }
  console.log(summaryLine(report));
  console.log(`${report.summary.passed} passed, ${report.summary.failed} failed`);
  process.exit(report.summary.policy_violations > 0 || !gateOk ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(String((err as Error)?.stack ?? err));
    process.exit(2);
  });
}
