// Members: find-or-create by phone (through the blind index), profile, PIN and reminder settings.
import { eq, sql } from 'drizzle-orm';
import { newId } from '../core/ids.ts';
import { countryFromE164, maskPhone } from '../core/identity/phone.ts';
import type { PiiCipher } from '../core/identity/pii.ts';
import type { Tx } from './client.ts';
import { members } from './schema/members.ts';

export type MemberRow = typeof members.$inferSelect;
export type Member = MemberRow & { phone: string; name: string | null };

export function decryptMember(pii: PiiCipher, row: MemberRow): Member {
  return { ...row, phone: pii.decrypt(row.phoneEnc), name: row.nameEnc ? pii.decrypt(row.nameEnc) : null };
}

export async function findMemberByPhone(tx: Tx, pii: PiiCipher, e164: string): Promise<Member | undefined> {
  const r = await tx
    .select()
    .from(members)
    .where(eq(members.phoneIndex, pii.blindIndex(e164)));
  return r[0] ? decryptMember(pii, r[0]) : undefined;
}

export async function getMember(tx: Tx, pii: PiiCipher, id: string): Promise<Member | undefined> {
  const r = await tx.select().from(members).where(eq(members.id, id));
  return r[0] ? decryptMember(pii, r[0]) : undefined;
}

/** Returns the member and whether this call created them (a WhatsApp number is already verified by WhatsApp). */
export async function findOrCreateMember(tx: Tx, pii: PiiCipher, e164: string, at: Date): Promise<{ member: Member; created: boolean }> {
  const existing = await findMemberByPhone(tx, pii, e164);
  if (existing) return { member: existing, created: false };
  const row = {
    id: newId('usr'),
    phoneIndex: pii.blindIndex(e164),
    phoneEnc: pii.encrypt(e164),
    phoneMasked: maskPhone(e164),
    country: countryFromE164(e164),
    createdAt: at,
    updatedAt: at,
  };
  const r = await tx.insert(members).values(row).onConflictDoNothing({ target: members.phoneIndex }).returning();
  if (r[0]) return { member: decryptMember(pii, r[0]), created: true };
  // Lost a race with a concurrent first message from the same number.
  const again = await findMemberByPhone(tx, pii, e164);
  if (!again) throw new Error('member vanished after conflicting insert');
  return { member: again, created: false };
}

export async function updateMember(tx: Tx, id: string, fields: Partial<typeof members.$inferInsert>): Promise<void> {
  await tx
    .update(members)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(eq(members.id, id));
}

export async function setMemberName(tx: Tx, pii: PiiCipher, id: string, name: string): Promise<void> {
  await updateMember(tx, id, { nameEnc: pii.encrypt(name) });
}
