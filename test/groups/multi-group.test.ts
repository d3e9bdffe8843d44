// A member in several groups: a command that needs one group asks "Which group?" with a numbered list
// (or takes the group named in the message), keeps the choice in the flow, and continues the command —
// rules, START + CONFIRM, invite, cycle status, and a PIN-approved removal that asks afterwards.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { rulesText } from '../../tools/groups.ts';
import type { GroupView } from '../../tools/services.ts';
import { type Harness, startHarness } from './helpers.ts';

const A = '+254700000701'; // organizer of both, English
const B = '+254700000702'; // member of both, French

describe('members in several groups', () => {
  let h: Harness;
  let aId = '';
  const q = async <T>(query: ReturnType<typeof sql>) => (await h.t.db.db.execute(query)).rows as T[];
  const views = async (memberId: string): Promise<GroupView[]> => {
    const { createGroupServices } = await import('../../server/services/groups.ts');
    const g = createGroupServices({ db: h.t.db.db, pii: h.t.rt.pii, clock: h.t.rt.clock, botPhone: '+254700000000', deliver: () => {} });
    return g.list(memberId);
  };
  const choose = (locale: 'en' | 'fr', names: string[]) => t(locale, 'common.choose_group', { groups: names.map((n, i) => `${i + 1}. ${n}`).join('\n') });

  beforeAll(async () => {
    h = await startHarness();
    await h.setClock('2026-11-26T08:00:00Z');
    await h.onboard(A, '1', 'Amina', '4821');
    aId = (await q<{ id: string }>(sql`select id from members order by id desc limit 1`))[0].id;
    await h.onboard(B, '2', 'Bertrand', '6043');
    for (const name of ['Duka Circle', 'Family Circle']) {
      await h.converse(A, 'Create a group for 2 people, weekly, 5000 KES starting next Friday');
      await h.converse(A, name);
      await h.converse(A, 'random');
      const created = await h.converse(A, 'CONFIRM');
      const code = /JOIN%20([A-Z2-9]{6})/.exec(created)?.[1] ?? '';
      await h.converse(B, `JOIN ${code}`);
      await h.converse(B, "J'ACCEPTE");
    }
    await h.settle(); // the organizer's "joined" notices arrive before the conversations below
  });
  afterAll(async () => h?.close());

  it('rules: asks which group (newest first), then answers for the one picked by number or named in the message', async () => {
    const gs = await views(aId);
    expect(await h.converse(A, 'rules')).toBe(choose('en', ['Family Circle', 'Duka Circle']));
    expect(await h.converse(A, '2')).toBe(rulesText('en', gs.find((g) => g.name === 'Duka Circle') as GroupView));
    expect(await h.converse(A, 'rules of Family Circle')).toBe(rulesText('en', gs.find((g) => g.name === 'Family Circle') as GroupView));
    // An answer that is not on the list asks again; CANCEL leaves.
    expect(await h.converse(B, 'règles')).toBe(choose('fr', ['Family Circle', 'Duka Circle']));
    expect(await h.converse(B, '7')).toBe(choose('fr', ['Family Circle', 'Duka Circle']));
    expect(await h.converse(B, 'ANNULER')).toBe(t('fr', 'approval.cancelled'));
  });

  it('START asks which group, keeps the choice through CONFIRM, and the other group is untouched', async () => {
    expect(await h.converse(A, 'START')).toBe(choose('en', ['Family Circle', 'Duka Circle']));
    expect(await h.converse(A, 'Duka Circle')).toBe(
      t('en', 'group.start_confirm', { group_name: 'Duka Circle', members_joined: 2, first_due_date: 'Friday 4 December 2026' }),
    );
    expect(await h.converse(A, 'CONFIRM')).toContain('🚀 *Duka Circle*');
    const rows = await q<{ name: string; status: string }>(sql`select name, status from groups order by name`);
    expect(rows).toEqual([
      { name: 'Duka Circle', status: 'active' },
      { name: 'Family Circle', status: 'open' },
    ]);
    // Only one group can still start: no question.
    expect(await h.converse(A, 'START')).toBe(
      t('en', 'group.start_confirm', { group_name: 'Family Circle', members_joined: 2, first_due_date: 'Friday 4 December 2026' }),
    );
    await h.converse(A, 'CANCEL');
    await h.settle(); // Bertrand's "started" notices
  });

  it('invite and cycle status take the group named or chosen', async () => {
    const invite = await h.converse(A, 'invite to Family Circle');
    const [code] = await q<{ code: string }>(
      sql`select i.code from invites i join groups g on g.id = i.group_id where g.name = 'Family Circle' order by i.expires_at desc limit 1`,
    );
    expect(invite).toContain('Family Circle');
    expect(invite).toContain(code.code);
    expect(await h.converse(B, 'statut du cycle')).toBe(choose('fr', ['Family Circle', 'Duka Circle']));
    const status = await h.converse(B, '2');
    expect(status.split('\n')[0]).toBe(
      t('fr', 'cycle.status', { group_name: 'Duka Circle', cycle_no: 1, cycles_total: 2, due_date: 'vendredi 4 décembre 2026', lines: '' }).split('\n')[0],
    );
  });

  it('a removal asks for the PIN, then which group, and removes from that group only', async () => {
    const prompt = await h.converse(A, 'remove Bertrand');
    expect(prompt).toContain('Bertrand');
    expect(await h.converse(A, '4821')).toBe(choose('en', ['Family Circle', 'Duka Circle']));
    expect(await h.converse(A, '1')).toBe(t('en', 'member.removed_done', { member_name: 'Bertrand', group_name: 'Family Circle' }));
    const rows = await q<{ name: string; status: string }>(
      sql`select g.name, gm.status from group_members gm join groups g on g.id = gm.group_id where gm.member_id <> ${aId} order by g.name`,
    );
    expect(rows).toEqual([
      { name: 'Duka Circle', status: 'active' },
      { name: 'Family Circle', status: 'removed' },
    ]);
    // Bertrand is told (wait for that notice), and is now in one group: no question any more.
    await h.settle();
    expect(h.textsTo(B).at(-1)).toBe(t('fr', 'member.removed_you', { group_name: 'Family Circle', actor_name: 'Amina' }));
    expect(await h.converse(B, 'statut du cycle')).toContain('Duka Circle');
  });
});
