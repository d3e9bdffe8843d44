// Console tables, the JSON and Markdown reports, and the fixed/broken comparison between two reports.
import type { CaseResult, Rate, Summary } from './metrics.ts';

export type Report = {
  evals: 'report';
  version: 1;
  model: string;
  started_at: string;
  duration_ms: number;
  filter?: string;
  repeat: number;
  summary: Summary;
  /** The same metrics on cases that do not wait for an unbuilt flow (no `pending:*` tag). */
  live: Summary;
  cases: CaseResult[];
};

const pc = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const rateRow = (name: string, r: Rate) => `${name.padEnd(22)} ${String(r.passed).padStart(4)}/${String(r.total).padEnd(4)} ${pc(r.rate).padStart(7)}`;

export function consoleTables(r: Report): string {
  const s = r.summary;
  const lines = [`\nEvals · model ${r.model} · ${s.cases} cases, ${s.episodes} episodes · ${(r.duration_ms / 1000).toFixed(1)} s`, '', 'By area:'];
  for (const [k, v] of Object.entries(s.by_area)) lines.push(`  ${rateRow(k, v)}`);
  lines.push('', 'By language:');
  for (const [k, v] of Object.entries(s.by_locale))
    lines.push(`  ${rateRow(k, v)}   intent ${pc(s.intent_accuracy[k])} (live ${pc(r.live.intent_accuracy[k])})`);
  const pending = Object.entries(s.by_tag).filter(([k]) => k.startsWith('pending:'));
  if (pending.length) {
    lines.push('', 'Waiting for flows (tags):');
    for (const [k, v] of pending) lines.push(`  ${rateRow(k, v)}`);
  }
  lines.push(
    '',
    `Intent/routing   en ${pc(s.intent_accuracy.en)}  fr ${pc(s.intent_accuracy.fr)}  sw ${pc(s.intent_accuracy.sw)}   (live: en ${pc(r.live.intent_accuracy.en)}  fr ${pc(r.live.intent_accuracy.fr)}  sw ${pc(r.live.intent_accuracy.sw)})`,
    `Slots ${pc(s.slot_accuracy)} · tool-call exact ${pc(s.tool_call_exact)} (live ${pc(r.live.tool_call_exact)}) · final state ${pc(s.final_state_match)} · pass^${s.pass_hat_k.k} ${pc(s.pass_hat_k.value)}`,
    `Policy violations ${s.policy_violations} (red team ${s.redteam_violations}), warnings ${s.policy_warnings} · latency per turn p50 ${s.latency_ms.p50} ms, p95 ${s.latency_ms.p95} ms`,
  );
  const viol = r.cases.filter((c) => c.violations.length);
  if (viol.length) {
    lines.push('', 'POLICY VIOLATIONS:');
    for (const c of viol) lines.push(`  ${c.id}: ${c.violations.join('; ')}`);
  }
  return lines.join('\n');
}

export function markdown(r: Report): string {
  const s = r.summary;
  const out = [
    `# Eval report — ${r.model}`,
    '',
    `${r.started_at} · ${s.cases} cases (${s.episodes} episodes) · ${(r.duration_ms / 1000).toFixed(1)} s · repeat ${r.repeat}${r.filter ? ` · filter \`${r.filter}\`` : ''}`,
    '',
    '| metric | all cases | live cases (no `pending:*` tag) |',
    '|---|---|---|',
    `| cases passed | ${s.passed}/${s.cases} | ${r.live.passed}/${r.live.cases} |`,
    ...(['en', 'fr', 'sw'] as const).map(
      (l) =>
        `| intent/routing ${l} | ${pc(s.intent_accuracy[l])} (${s.intent_turns[l]} turns) | ${pc(r.live.intent_accuracy[l])} (${r.live.intent_turns[l]} turns) |`,
    ),
    `| slot accuracy | ${pc(s.slot_accuracy)} | ${pc(r.live.slot_accuracy)} |`,
    `| tool-call exact match | ${pc(s.tool_call_exact)} | ${pc(r.live.tool_call_exact)} |`,
    `| final-state match | ${pc(s.final_state_match)} | ${pc(r.live.final_state_match)} |`,
    `| policy violations | ${s.policy_violations} | ${r.live.policy_violations} |`,
    `| policy warnings (unsolicited PIN to model) | ${s.policy_warnings} | ${r.live.policy_warnings} |`,
    `| pass^${s.pass_hat_k.k} | ${pc(s.pass_hat_k.value)} | ${pc(r.live.pass_hat_k.value)} |`,
    `| latency per turn p50 / p95 | ${s.latency_ms.p50} / ${s.latency_ms.p95} ms | |`,
    '',
    '## By area',
    '',
    '| area | passed | rate |',
    '|---|---|---|',
    ...Object.entries(s.by_area).map(([k, v]) => `| ${k} | ${v.passed}/${v.total} | ${pc(v.rate)} |`),
    '',
    '## By language',
    '',
    '| language | passed | rate |',
    '|---|---|---|',
    ...Object.entries(s.by_locale).map(([k, v]) => `| ${k} | ${v.passed}/${v.total} | ${pc(v.rate)} |`),
    '',
    '## By intent (turns)',
    '',
    '| intent | right | rate |',
    '|---|---|---|',
    ...Object.entries(s.intents).map(([k, v]) => `| ${k} | ${v.passed}/${v.total} | ${pc(v.rate)} |`),
    '',
    '## Failing cases',
    '',
  ];
  const failing = r.cases.filter((c) => !c.passed);
  if (!failing.length) out.push('None.');
  for (const c of failing) {
    out.push(`- **${c.id}** (${c.file}) — ${c.causes.join(', ')}`);
    for (const f of c.failures.slice(0, 4)) out.push(`  - ${f.replace(/\n/g, ' ').slice(0, 300)}`);
    for (const v of c.violations) out.push(`  - ⚠️ policy: ${v}`);
    for (const w of c.warnings) out.push(`  - warning: ${w}`);
  }
  return `${out.join('\n')}\n`;
}

export function compareReports(now: Report, before: Report): { fixed: string[]; broken: string[]; added: string[]; removed: string[]; text: string } {
  const prev = new Map(before.cases.map((c) => [c.id, c]));
  const cur = new Map(now.cases.map((c) => [c.id, c]));
  const fixed = now.cases.filter((c) => prev.has(c.id) && !prev.get(c.id)?.passed && c.passed).map((c) => c.id);
  const broken = now.cases.filter((c) => prev.has(c.id) && prev.get(c.id)?.passed && !c.passed).map((c) => c.id);
  const added = now.cases.filter((c) => !prev.has(c.id)).map((c) => c.id);
  const removed = before.cases.filter((c) => !cur.has(c.id)).map((c) => c.id);
  const d = (a: number | null | undefined, b: number | null | undefined) =>
    a == null || b == null ? '' : ` (${a >= b ? '+' : ''}${((a - b) * 100).toFixed(1)} pts)`;
  const lines = [
    `\nCompared with ${before.model} run of ${before.started_at}:`,
    `  passed ${before.summary.passed}/${before.summary.cases} → ${now.summary.passed}/${now.summary.cases}`,
    ...(['en', 'fr', 'sw'] as const).map(
      (l) =>
        `  intent ${l} ${pc(before.summary.intent_accuracy[l])} → ${pc(now.summary.intent_accuracy[l])}${d(now.summary.intent_accuracy[l], before.summary.intent_accuracy[l])}`,
    ),
    `  tool-call exact ${pc(before.summary.tool_call_exact)} → ${pc(now.summary.tool_call_exact)}; violations ${before.summary.policy_violations} → ${now.summary.policy_violations}`,
    `  fixed (${fixed.length}): ${fixed.join(', ') || '—'}`,
    `  broken (${broken.length}): ${broken.join(', ') || '—'}`,
    `  new cases ${added.length}, removed ${removed.length}`,
  ];
  return { fixed, broken, added, removed, text: lines.join('\n') };
}
