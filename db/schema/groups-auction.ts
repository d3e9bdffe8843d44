// Auction payout order (chit fund): one bidding round per cycle (window, settled once), the members'
// bids (the last one counts), and each settlement — winner, discount, payout and the dividend credited
// to every other member — stored for the payments side, which releases the payout (issue 4 §3).
import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** One per auction cycle, created when its window opens (the row is the claim: the open notice goes out once). */
export const auctionRounds = pgTable(
  'auction_rounds',
  {
    cycleId: text('cycle_id').primaryKey(),
    groupId: text('group_id').notNull(),
    cycleNo: integer('cycle_no').notNull(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    status: text('status').notNull().default('open'), // open | settled
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [index('auction_rounds_open').on(t.status, t.closesAt), index('auction_rounds_group').on(t.groupId)],
);

/** A member's bid in a round: the discount (minor units) they accept to take the pot now. */
export const auctionBids = pgTable(
  'auction_bids',
  {
    cycleId: text('cycle_id').notNull(),
    memberId: text('member_id').notNull(),
    groupId: text('group_id').notNull(),
    discountMinor: bigint('discount_minor', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.memberId] })],
);

/** The outcome of a round: pot = payout_minor + discount_minor, discount_minor = sum of the dividends. */
export const auctionSettlements = pgTable('auction_settlements', {
  cycleId: text('cycle_id').primaryKey(),
  groupId: text('group_id').notNull(),
  cycleNo: integer('cycle_no').notNull(),
  winnerMemberId: text('winner_member_id').notNull(),
  currency: text('currency').notNull(),
  potMinor: bigint('pot_minor', { mode: 'bigint' }).notNull(),
  discountMinor: bigint('discount_minor', { mode: 'bigint' }).notNull(),
  payoutMinor: bigint('payout_minor', { mode: 'bigint' }).notNull(),
  bidsCount: integer('bids_count').notNull(),
  byLot: boolean('by_lot').notNull(),
  settledAt: timestamp('settled_at', { withTimezone: true }).notNull(),
});

/** The dividend each non-winning member is credited for a settled round (their share of the discount). */
export const auctionDividends = pgTable(
  'auction_dividends',
  {
    cycleId: text('cycle_id').notNull(),
    memberId: text('member_id').notNull(),
    groupId: text('group_id').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.memberId] }), index('auction_dividends_member').on(t.memberId)],
);
