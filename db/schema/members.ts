// Members (the spec's `users`): PII encrypted at rest; phone looked up by an HMAC blind index.
import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const members = pgTable('members', {
  id: text('id').primaryKey(), // usr_…
  phoneIndex: text('phone_index').notNull().unique(), // HMAC-SHA256 blind index of the E.164 number
  phoneEnc: text('phone_enc').notNull(), // AES-256-GCM, base64 iv.tag.ciphertext
  phoneMasked: text('phone_masked').notNull(), // +2547•••••222, safe for logs and admin lists
  country: text('country').notNull(), // ISO 3166 alpha-2 from the number's calling code
  nameEnc: text('name_enc'),
  locale: text('locale'), // en | fr | sw; null until chosen
  status: text('status').notNull().default('onboarding'), // onboarding | active | suspended
  onboardingStep: text('onboarding_step').notNull().default('language'), // language | name | pin | pin_confirm | done
  pinHash: text('pin_hash'), // argon2id
  pinFailures: integer('pin_failures').notNull().default(0),
  pinLockedUntil: timestamp('pin_locked_until', { withTimezone: true }),
  remindersPaused: boolean('reminders_paused').notNull().default(false),
  payoutDestinationEnc: text('payout_destination_enc'), // E.164 mobile money number for payouts
  payoutDestinationMasked: text('payout_destination_masked'),
  payoutDestinationEffectiveAt: timestamp('payout_destination_effective_at', { withTimezone: true }), // cooling-off end
  payoutDestinationChangeKey: text('payout_destination_change_key'), // idempotency key of the last change
  totpSecretEnc: text('totp_secret_enc'), // platform admins only
  totpVerifiedUntil: timestamp('totp_verified_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
