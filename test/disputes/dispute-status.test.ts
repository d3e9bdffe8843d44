// A member asks how their dispute is going, through the Green API webhook, in en/fr/sw: the state in the
// opened → evidence → investigation → resolved → closed lifecycle, read only. Another member of the same
// group sees none of it, and a forged dispute_status call naming someone else's dispute is refused.
import { RunContext } from '@openai/agents';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import type { Role } from '../../policies/roles.ts';
import type { RoscaContext } from '../../tools/context.ts';
import { type Harness, startDisputesHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startDisputesHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const dspIn = (s: string) => /dsp_[0-9A-Za-z]+/.exec(s)?.[0] as string;

async function snapshot(): Promise<string> {
  const r = await h.db.execute(sql`
    select (select count(*) from ledger_events) as events, (select count(*) from disputes) as disputes,
      (select count(*) from dispute_evidence) as evidence, (select count(*) from escrow_freezes) as freezes`);
  return JSON.stringify(r.rows[0], (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

function ctxFor(memberId: string, roles: Role[] = ['member']): RoscaContext {
  return {
    memberId,
    chatId: '254733000099@c.us',
    phoneMasked: '+2547•••',
    country: 'KE',
    locale: 'en',
    roles,
    onboarded: true,
    onboardingStep: 'done',
    groupIds: [],
    flow: null,
    now: h.t.rt.clock.now().toISOString(),
    requestId: `forged-${Math.random()}`,
    inboundText: '',
  };
}

async function forge(ctx: RoscaContext, args: Record<string, unknown>): Promise<{ text: string; refused?: string }> {
  const all = [...h.t.rt.graph.byName.values()].flatMap((a) => a.tools);
  const found = all.find((x) => x.name === 'dispute_status') as
    | { invoke: (rc: RunContext<RoscaContext>, input: string, details?: unknown) => Promise<unknown> }
    | undefined;
  if (!found) throw new Error('no dispute_status tool');
  return JSON.parse(
    String(
      await found.invoke(new RunContext(ctx), JSON.stringify(args), {
        toolCall: { callId: 'forged', type: 'function_call', name: 'dispute_status', arguments: '{}' },
      }),
    ),
  );
}

describe('dispute status through WhatsApp', () => {
  const phones = { org: '+254733000001', en: '+254733000002', fr: '+254733000003', sw: '+254733000004', other: '+254733000005' };
  const ids: Record<'en' | 'fr' | 'sw', string> = { en: '', fr: '', sw: '' };
  let members: Record<keyof typeof phones, string>;

  it('members open disputes in their language (the open flow is unchanged)', async () => {
    members = {
      org: await h.member(phones.org, 'Baraka'),
      en: await h.member(phones.en, 'Amina', 'en'),
      fr: await h.member(phones.fr, 'Aline', 'fr'),
      sw: await h.member(phones.sw, 'Wanjiru', 'sw'),
      other: await h.member(phones.other, 'Chege', 'en'),
    };
    await h.group('Status Circle', [members.org, members.en, members.fr, members.sw, members.other]);

    expect(await h.say(phones.en, 'the organizer is stealing')).toMatch(/payment reference/);
    ids.en = dspIn(await h.say(phones.en, 'SKIP'));
    // Asking in the evidence step is answered, not filed as a statement; the flow still takes evidence after.
    const mid = await h.say(phones.en, 'what is the status of my dispute?');
    expect(mid).toContain(ids.en);
    expect(mid).toContain(t('en', 'dispute.state.opened'));
    expect((await h.db.execute(sql`select count(*)::int as n from dispute_evidence where dispute_id = ${ids.en} and kind = 'text'`)).rows[0]).toEqual({ n: 0 });
    expect(await h.say(phones.en, 'the organizer kept my 1000')).toMatch(/Evidence received/);
    expect(await h.say(phones.en, 'DONE')).toMatch(/reviewing dispute/);

    expect(await h.say(phones.fr, "l'organisateur a volé notre argent")).toMatch(/référence/);
    ids.fr = dspIn(await h.say(phones.fr, 'passer'));
    expect(await h.say(phones.fr, 'terminé')).toContain(ids.fr);

    expect(await h.say(phones.sw, 'msimamizi ameiba pesa zetu')).toMatch(/kumbukumbu ya malipo/);
    ids.sw = dspIn(await h.say(phones.sw, 'ruka'));
    expect(await h.say(phones.sw, 'nimemaliza')).toContain(ids.sw);
    expect(ids.en && ids.fr && ids.sw).toBeTruthy();
  }, 120_000);

  it('EN: the member gets the state of their dispute, read only', async () => {
    const before = await snapshot();
    const r = await h.say(phones.en, 'what is the status of my dispute?');
    expect(r).toContain(t('en', 'dispute.status_title'));
    expect(r).toContain(`*${ids.en}*`);
    expect(r).toContain('Status Circle');
    expect(r).toContain(t('en', 'dispute_type.organizer_fraud'));
    expect(r).toContain(`State: *${t('en', 'dispute.state.evidence')}* (step 2 of 5`);
    expect(r).toContain(t('en', 'dispute.next.evidence'));
    expect(r).toMatch(/Last update: .*2026/);
    expect(r).not.toContain(ids.fr);
    expect(r).not.toContain(ids.sw);
    expect(await snapshot()).toBe(before);
  });

  it('FR: « où en est ma réclamation ? »', async () => {
    const before = await snapshot();
    const r = await h.say(phones.fr, 'où en est ma réclamation ?');
    expect(r).toContain(t('fr', 'dispute.status_title'));
    expect(r).toContain(ids.fr);
    expect(r).toContain(`État : *${t('fr', 'dispute.state.opened')}* (étape 1 sur 5`);
    expect(r).toContain(t('fr', 'dispute.next.opened'));
    expect(r).toContain(t('fr', 'dispute_type.organizer_fraud'));
    expect(r).not.toContain(ids.en);
    expect(await snapshot()).toBe(before);
  });

  it('SW: "mzozo wangu umefikia wapi?"', async () => {
    const before = await snapshot();
    const r = await h.say(phones.sw, 'mzozo wangu umefikia wapi?');
    expect(r).toContain(t('sw', 'dispute.status_title'));
    expect(r).toContain(ids.sw);
    expect(r).toContain(`Hali: *${t('sw', 'dispute.state.opened')}* (hatua 1 kati ya 5`);
    expect(r).not.toContain(ids.en);
    expect(await snapshot()).toBe(before);
  });

  it('the state follows the lifecycle (investigation, then resolved/closed with the outcome)', async () => {
    await h.db.execute(sql`update disputes set status = 'investigation' where id = ${ids.sw}`);
    expect(await h.say(phones.sw, 'hali ya mgogoro wangu')).toContain(`*${t('sw', 'dispute.state.investigation')}* (hatua 3 kati ya 5`);
    await h.db.execute(sql`update disputes set status = 'closed', outcome = 'release' where id = ${ids.sw}`);
    const closed = await h.say(phones.sw, 'mzozo wangu umefikia wapi?');
    expect(closed).toContain(`*${t('sw', 'dispute.state.closed')}*`);
    expect(closed).toContain(t('sw', 'dispute.result.release'));
  });

  it('another member of the same group (and the organizer) sees none of it', async () => {
    const before = await snapshot();
    for (const phone of [phones.other, phones.org]) {
      const r = await h.say(phone, 'what is the status of my dispute?');
      expect(r).toContain(t('en', 'dispute.status_none'));
      for (const id of Object.values(ids)) expect(r).not.toContain(id);
      // naming the reference does not help
      const named = await h.say(phone, `status of dispute ${ids.en}`);
      expect(named).toContain(t('en', 'dispute.status_not_yours', { dispute_id: ids.en }));
      expect(named).not.toContain(t('en', 'dispute.state.evidence'));
    }
    expect(await snapshot()).toBe(before);
  });

  it('a forged dispute_status call for someone else’s dispute is refused in code', async () => {
    const before = await snapshot();
    const refused = await forge(ctxFor(members.other), { dispute_id: ids.en });
    expect(refused.refused).toBe('not_yours');
    expect(refused.text).not.toContain('Status Circle');
    // even with a context claiming every role
    const claimed = await forge(ctxFor(members.other, ['member', 'organizer', 'platform_admin', 'platform_admin_verified']), { dispute_id: ids.fr });
    expect(claimed.refused).toBe('not_yours');
    // the owner's own call works; a context that is not onboarded is refused by the guard
    expect((await forge(ctxFor(members.en), { dispute_id: ids.en })).text).toContain(ids.en);
    expect((await forge({ ...ctxFor(members.en), onboarded: false }, {})).refused).toBe('not_onboarded');
    expect(await snapshot()).toBe(before);
  });
});
