// The deterministic rules of a savings group: rules schema, schedule, payout order, auction, penalties,
// quorum and membership. Pure functions; time and randomness are passed in.
export * from './calendar.ts';
export * from './rules.ts';
export * from './schedule.ts';
export * from './payout-order.ts';
export * from './auction.ts';
export * from './penalties.ts';
export * from './quorum.ts';
export * from './membership.ts';
