// Creating a group by conversation, end to end through the Green API webhook: one sentence and step by
// step (with a correction), in English, French and Kiswahili; nothing exists before CONFIRM.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers.ts';

describe('create a group by conversation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.setClock('2026-11-26T08:00:00Z'); // a Thursday in Nairobi
  });
  afterAll(async () => h?.close());
  const groupCount = async () => Number(((await h.t.db.db.execute(sql`select count(*)::int as n from groups`)).rows[0] as { n: number }).n);

  it('English, one sentence: asks only the name and payout order, then the summary, then creates on CONFIRM', async () => {
    const p = '+254700000201';
    await h.onboard(p, '1', 'Amina', '4821');
    const q1 = await h.converse(p, 'Create a group for 10 people, weekly, 5000 KES starting next Friday');
    expect(q1).toBe(
      '📅 Got it: *Friday 4 December 2026*.\n🧩 *Create a new group*\nWhat should we call your group?\n(Example: _Family Circle_, _Friends Savings_, _Market Women_)',
    );
    const q2 = await h.converse(p, 'Family Circle');
    expect(q2).toContain('How do you want to decide who receives the pot');
    const summary = await h.converse(p, '1');
    expect(summary).toBe(`📋 *Group summary*
*Family Circle*
• Contribution: *5,000 KES* (weekly)
• First due date: *Friday 4 December 2026*
• Members: *10*
• Payout order: *random draw (verifiable)*
• Late fee: *none* after *0* grace day(s)
• Payout released when *100%* have paid
• Platform fee: *none*

Reply *CONFIRM* to create the group, or tell me what to change.`);
    expect(await groupCount()).toBe(0);
    const created = await h.converse(p, 'CONFIRM');
    expect(created).toMatch(/^🎉 \*Group created!\*\n\*Family Circle\*\n• Contribution: \*5,000 KES\* \(weekly\)\n• Starts: \*Friday 4 December 2026\*/);
    expect(created).toMatch(/https:\/\/wa\.me\/254700000000\?text=JOIN%20[A-Z2-9]{6}/);
    expect(created).toContain('Sealed fingerprint of the draw');
    expect(await groupCount()).toBe(1);
    await h.fake.waitFor((c) => c.method === 'sendFileByUpload');
    const ev = await h.t.db.db.execute(sql`select event_type from ledger_events order by seq`);
    expect((ev.rows as Array<{ event_type: string }>).map((r) => r.event_type)).toEqual(['group.created', 'group.member.joined', 'group.member.invited']);
  });

  it('French, one sentence with FC and "1er mars"', async () => {
    const p = '+243810000202';
    await h.onboard(p, '2', 'Jean', '5932');
    const q1 = await h.converse(p, 'Crée un groupe de 8 personnes, 20 000 FC par mois, à partir du 1er mars');
    expect(q1).toContain('lundi 1er mars 2027');
    await h.converse(p, 'Tontine du marché');
    const summary = await h.converse(p, '2');
    expect(summary).toContain('*20\u202f000 CDF*');
    expect(summary).toContain('*Tontine du marché*');
    expect(summary).toContain('*8*');
    const created = await h.converse(p, 'confirmer');
    expect(created).toContain('Tontine du marché');
    expect(await groupCount()).toBe(2);
  });

  it('Kiswahili, one sentence: "elfu tano", "Ijumaa ijayo"', async () => {
    const p = '+254700000203';
    await h.onboard(p, '3', 'Baraka', '6043');
    const q1 = await h.converse(p, 'Unda kikundi cha watu 6, elfu tano kila wiki, tuanze Ijumaa ijayo');
    expect(q1).toContain('Ijumaa, 4 Desemba 2026');
    await h.converse(p, 'Wamama wa Soko');
    const summary = await h.converse(p, '3');
    expect(summary).toContain('*KES 5,000*');
    expect(summary).toContain('*6*');
    expect(await h.converse(p, 'thibitisha')).toContain('Wamama wa Soko');
    expect(await groupCount()).toBe(3);
  });

  it('English step by step with a correction mid-way, and cancel creates nothing', async () => {
    const p = '+254700000204';
    await h.onboard(p, '1', 'Wanjiru', '7154');
    expect(await h.converse(p, 'I want to create a group')).toContain('What should we call your group?');
    expect(await h.converse(p, 'Friends Savings')).toContain('How much does each member contribute');
    expect(await h.converse(p, '5000')).toContain('How often');
    expect(await h.converse(p, '1')).toContain('When is the first contribution due?');
    const corrected = await h.converse(p, 'make it 6000');
    expect(corrected).toBe('✏️ Updated: contribution: 6,000 KES.\n🗓️ When is the first contribution due?\n(Example: _next Friday_, _1 March_, or *2026-12-04*)');
    expect(await h.converse(p, 'next Friday')).toContain('📅 Got it: *Friday 4 December 2026*.');
    expect(await h.converse(p, '5')).toContain('How do you want to decide');
    expect(await h.converse(p, '4')).toContain('Late fee');
    expect(await h.converse(p, '200')).toContain('grace days');
    expect(await h.converse(p, '2')).toContain('What share of contributions');
    const summary = await h.converse(p, '80%');
    expect(summary).toContain('• Contribution: *6,000 KES* (weekly)');
    expect(summary).toContain('• Late fee: *200 KES* after *2* grace day(s)');
    expect(summary).toContain('• Payout released when *80%* have paid');
    expect(summary).toContain('• Payout order: *set by the organizer*');
    const before = await groupCount();
    expect(await h.converse(p, 'cancel')).toBe('👍 Group creation cancelled. Nothing was created.');
    expect(await groupCount()).toBe(before);
  });

  it('French step by step with "non, mensuel" as a correction', async () => {
    const p = '+243810000205';
    await h.onboard(p, '2', 'Marie', '8265');
    expect(await h.converse(p, 'Crée un groupe')).toContain('Comment voulez-vous appeler');
    await h.converse(p, 'Les Amies');
    await h.converse(p, '10 000');
    await h.converse(p, '1');
    const corr = await h.converse(p, 'non, mensuel');
    expect(corr).toContain('✏️');
    expect(corr).toContain('chaque mois');
  });
});
