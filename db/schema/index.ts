// Every table family; drizzle-kit reads this file. One file per family, named for what it holds.
export * from './channel.ts';
export * from './conversations.ts';
export * from './members.ts';
