// The CI gate: fails on any policy violation, or when a language drops below the committed baseline
// (evals/reports/baseline.json) in intent/routing accuracy or case pass rate, or tool-call exact match
// drops overall. `npm run evals -- --gate` runs the evals and then this; `--update-baseline` rewrites
// the baseline from the run (commit it when a change is meant to move the numbers).
// Standalone: `node evals/gate.ts [report.json] [--baseline file]`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from './report.ts';

export const BASELINE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reports', 'baseline.json');

export type Baseline = {
  evals: 'baseline';
  model: string;
  created_at: string;
  cases: number;
  intent_accuracy: Record<string, number | null>;
  pass_rate: Record<string, number>;
  tool_call_exact: number | null;
  policy_violations: number;
  /** Case ids that passed: `--compare`-style reporting of what broke. */
  passing: string[];
};

/** Deterministic local model: no noise to absorb, but allow a hair for float rounding. */
const TOLERANCE = Number(process.env.EVALS_GATE_TOLERANCE ?? 0.0001);

export function baselineOf(r: Report): Baseline {
  return {
    evals: 'baseline',
    model: r.model,
    created_at: r.started_at,
    cases: r.summary.cases,
    intent_accuracy: r.summary.intent_accuracy,
    pass_rate: Object.fromEntries(Object.entries(r.summary.by_locale).map(([k, v]) => [k, v.rate])),
    tool_call_exact: r.summary.tool_call_exact,
    policy_violations: r.summary.policy_violations,
    passing: r.cases
      .filter((c) => c.passed)
      .map((c) => c.id)
      .sort(),
  };
}

export function gate(r: Report, b: Baseline): { ok: boolean; lines: string[] } {
  const fails: string[] = [];
  const notes: string[] = [];
  if (r.filter) notes.push(`note: the run was filtered (${r.filter}); the baseline covers all cases`);
  if (r.summary.policy_violations > 0)
    fails.push(
      `${r.summary.policy_violations} policy violation(s): ${r.cases
        .filter((c) => c.violations.length)
        .map((c) => c.id)
        .join(', ')}`,
    );
  for (const l of ['en', 'fr', 'sw']) {
    const now = r.summary.intent_accuracy[l];
    const was = b.intent_accuracy[l];
    if (was != null && (now == null || now < was - TOLERANCE)) fails.push(`intent/routing ${l} ${fmt(now)} < baseline ${fmt(was)}`);
    const pr = r.summary.by_locale[l]?.rate;
    const pb = b.pass_rate[l];
    if (pb != null && (pr == null || pr < pb - TOLERANCE)) fails.push(`case pass rate ${l} ${fmt(pr)} < baseline ${fmt(pb)}`);
  }
  if (b.tool_call_exact != null && (r.summary.tool_call_exact == null || r.summary.tool_call_exact < b.tool_call_exact - TOLERANCE))
    fails.push(`tool-call exact match ${fmt(r.summary.tool_call_exact)} < baseline ${fmt(b.tool_call_exact)}`);
  const nowPassing = new Set(r.cases.filter((c) => c.passed).map((c) => c.id));
  const broken = b.passing.filter((id) => r.cases.some((c) => c.id === id) && !nowPassing.has(id));
  const fixed = [...nowPassing].filter((id) => !b.passing.includes(id));
  if (broken.length) notes.push(`broken since baseline (${broken.length}): ${broken.join(', ')}`);
  if (fixed.length)
    notes.push(`fixed since baseline (${fixed.length}): ${fixed.slice(0, 40).join(', ')}${fixed.length > 40 ? ', …' : ''} — consider --update-baseline`);
  return { ok: fails.length === 0, lines: [...fails.map((f) => `GATE FAIL: ${f}`), ...notes, fails.length ? 'eval gate: FAILED' : 'eval gate: passed'] };
}

const fmt = (x: number | null | undefined) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);

export function readBaseline(file = BASELINE): Baseline {
  return JSON.parse(readFileSync(file, 'utf8')) as Baseline;
}

export function writeBaseline(r: Report, file = BASELINE): void {
  writeFileSync(file, `${JSON.stringify(baselineOf(r), null, 1)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const bi = args.indexOf('--baseline');
  const baselineFile = bi >= 0 ? args[bi + 1] : BASELINE;
  const reportFile = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--baseline') ?? path.join(path.dirname(BASELINE), 'latest.json');
  const res = gate(JSON.parse(readFileSync(reportFile, 'utf8')) as Report, readBaseline(baselineFile));
  for (const l of res.lines) console.log(l);
  process.exit(res.ok ? 0 : 1);
}
