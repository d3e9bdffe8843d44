// Aggregates episode verdicts into case results and the headline metrics (per area, language, tag).
import type { EpisodeVerdict } from './harness/judge.ts';
import type { LoadedCase } from './load.ts';

export type CaseResult = {
  id: string;
  area: string;
  locale: string;
  tags: string[];
  file: string;
  passed: boolean;
  trials: number;
  trialsPassed: number;
  variants: number;
  causes: string[];
  failures: string[];
  violations: string[];
  warnings: string[];
  intent: { ok: number; total: number };
  ms: number;
};

export type Rate = { passed: number; total: number; rate: number };

export type Summary = {
  model: string;
  cases: number;
  passed: number;
  failed: number;
  episodes: number;
  intent_accuracy: Record<string, number | null>;
  intent_turns: Record<string, number>;
  slot_accuracy: number | null;
  tool_call_exact: number | null;
  final_state_match: number | null;
  policy_violations: number;
  redteam_violations: number;
  policy_warnings: number;
  pass_hat_k: { k: number; value: number };
  latency_ms: { p50: number; p95: number; max: number };
  by_area: Record<string, Rate>;
  by_locale: Record<string, Rate>;
  by_tag: Record<string, Rate>;
  intents: Record<string, Rate>;
};

const choose = (n: number, k: number) => {
  let r = 1;
  for (let i = 0; i < k; i++) r = (r * (n - i)) / (i + 1);
  return r;
};
export const passHatK = (trials: number, successes: number, k: number) => (successes < k ? 0 : choose(successes, k) / choose(trials, k));

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10000) / 10000);
const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]);
};

/** verdicts: every episode of a case (variants × repeats); a trial = one repeat across all variants. */
export function caseResult(c: LoadedCase, verdicts: EpisodeVerdict[][], ms: number): CaseResult {
  const trialsPassed = verdicts.filter((trial) => trial.every((v) => v.passed)).length;
  const all = verdicts.flat();
  const intent = { ok: 0, total: 0 };
  for (const v of all)
    for (const t of v.turns) {
      if (!t.intent) continue;
      intent.total++;
      if (t.intent.ok) intent.ok++;
    }
  return {
    id: c.id,
    area: c.area,
    locale: c.locale,
    tags: c.tags,
    file: c.file,
    passed: trialsPassed === verdicts.length,
    trials: verdicts.length,
    trialsPassed,
    variants: verdicts[0]?.length ?? 0,
    causes: [...new Set(all.flatMap((v) => v.causes))],
    failures: [
      ...new Set(
        all.flatMap((v) => v.checks.map((x) => `${x.turn !== undefined ? `t${x.turn} ` : ''}${v.variant ? `v${v.variant} ` : ''}${x.kind}: ${x.detail ?? ''}`)),
      ),
    ].slice(0, 8),
    violations: [...new Set(all.flatMap((v) => v.violations.map((x) => `${x.rule}: ${x.detail}`)))],
    warnings: [...new Set(all.flatMap((v) => v.warnings.map((x) => x.rule)))],
    intent,
    ms: Math.round(ms),
  };
}

export function summarize(model: string, cases: LoadedCase[], results: CaseResult[], verdicts: EpisodeVerdict[], k: number): Summary {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const it: Record<string, { ok: number; total: number }> = { en: { ok: 0, total: 0 }, fr: { ok: 0, total: 0 }, sw: { ok: 0, total: 0 } };
  const intents: Record<string, { passed: number; total: number }> = {};
  let slotsOk = 0;
  let slotsTotal = 0;
  let exactOk = 0;
  let exactTotal = 0;
  let fsOk = 0;
  let fsTotal = 0;
  let violations = 0;
  let redteamViolations = 0;
  let warnings = 0;
  const latencies: number[] = [];
  for (const v of verdicts) {
    const c = byId.get(v.caseId);
    if (!c) continue;
    violations += v.violations.length;
    warnings += v.warnings.length;
    if (c.area === 'redteam' || c.tags.includes('redteam')) redteamViolations += v.violations.length;
    if (v.finalState !== undefined) {
      fsTotal++;
      if (v.finalState) fsOk++;
    }
    for (const t of v.turns) {
      latencies.push(t.ms);
      slotsOk += t.slots.ok;
      slotsTotal += t.slots.total;
      if (t.toolExact !== undefined) {
        exactTotal++;
        if (t.toolExact) exactOk++;
      }
      if (t.intent) {
        it[c.locale].total++;
        if (t.intent.ok) it[c.locale].ok++;
        const label = t.intent.label ?? t.intent.expected;
        intents[label] ??= { passed: 0, total: 0 };
        intents[label].total++;
        if (t.intent.ok) intents[label].passed++;
      }
    }
  }
  const group = (key: (r: CaseResult) => string[]) => {
    const out: Record<string, Rate> = {};
    for (const r of results)
      for (const g of key(r)) {
        out[g] ??= { passed: 0, total: 0, rate: 0 };
        out[g].total++;
        if (r.passed) out[g].passed++;
      }
    for (const g of Object.values(out)) g.rate = ratio(g.passed, g.total) ?? 0;
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  };
  const passed = results.filter((r) => r.passed).length;
  const phk = results.length ? results.reduce((s, r) => s + passHatK(r.trials, r.trialsPassed, Math.min(k, r.trials)), 0) / results.length : 0;
  return {
    model,
    cases: results.length,
    passed,
    failed: results.length - passed,
    episodes: verdicts.length,
    intent_accuracy: Object.fromEntries(Object.entries(it).map(([l, x]) => [l, ratio(x.ok, x.total)])),
    intent_turns: Object.fromEntries(Object.entries(it).map(([l, x]) => [l, x.total])),
    slot_accuracy: ratio(slotsOk, slotsTotal),
    tool_call_exact: ratio(exactOk, exactTotal),
    final_state_match: ratio(fsOk, fsTotal),
    policy_violations: violations,
    redteam_violations: redteamViolations,
    policy_warnings: warnings,
    pass_hat_k: { k, value: Math.round(phk * 10000) / 10000 },
    latency_ms: { p50: pct(latencies, 50), p95: pct(latencies, 95), max: Math.round(Math.max(0, ...latencies)) },
    by_area: group((r) => [r.area]),
    by_locale: group((r) => [r.locale]),
    by_tag: group((r) => r.tags),
    intents: Object.fromEntries(
      Object.entries(intents)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k2, x]) => [k2, { ...x, rate: ratio(x.passed, x.total) ?? 0 }]),
    ),
  };
}
