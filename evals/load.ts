// Loads and validates the case files (evals/cases/<area>/*.yaml): schema, unique ids, area = folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Case, type EvalCase } from './schema.ts';

export const CASES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases');

export type LoadedCase = EvalCase & { file: string };

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.yaml') || name.endsWith('.yml')) out.push(p);
  }
  return out;
}

export function loadCases(dir = CASES_DIR): LoadedCase[] {
  const errors: string[] = [];
  const cases: LoadedCase[] = [];
  const ids = new Map<string, string>();
  for (const file of walk(dir)) {
    const rel = path.relative(dir, file);
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, 'utf8'));
    } catch (err) {
      errors.push(`${rel}: YAML: ${String((err as Error).message).split('\n')[0]}`);
      continue;
    }
    const r = Case.safeParse(raw);
    if (!r.success) {
      errors.push(`${rel}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      continue;
    }
    const c = r.data;
    const folder = rel.split(path.sep)[0];
    if (folder !== c.area) errors.push(`${rel}: area ${c.area} but folder ${folder}`);
    if (ids.has(c.id)) errors.push(`${rel}: duplicate id ${c.id} (also ${ids.get(c.id)})`);
    ids.set(c.id, rel);
    if (!c.seed.members.some((m) => m.key === c.actor)) errors.push(`${rel}: actor ${c.actor} is not in seed.members`);
    cases.push({ ...c, file: rel });
  }
  if (errors.length) throw new Error(`invalid eval cases:\n  ${errors.join('\n  ')}`);
  return cases;
}

/** `--filter` terms (comma = or): a tag, an area, a locale, or an id prefix; a leading `!` excludes. */
export function filterCases(cases: LoadedCase[], filter?: string): LoadedCase[] {
  if (!filter) return cases;
  const terms = filter
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const hit = (c: LoadedCase, t: string) => c.tags.includes(t) || c.area === t || c.locale === t || c.id.startsWith(t);
  const inc = terms.filter((t) => !t.startsWith('!'));
  const exc = terms.filter((t) => t.startsWith('!')).map((t) => t.slice(1));
  return cases.filter((c) => (inc.length === 0 || inc.some((t) => hit(c, t))) && !exc.some((t) => hit(c, t)));
}
