// Every table family; drizzle-kit reads this file. One file per family, named for what it holds.
export * from './channel.ts';
export * from './conversations.ts';
export * from './members.ts';
export * from './payments.ts';
export * from './support.ts';
export * from './sandbox-whatsapp.ts';
export * from './ledger.ts';
export * from './groups.ts';
export * from './payment-flows.ts';
export * from './disputes-admin.ts';
export * from './groups-auction.ts';
