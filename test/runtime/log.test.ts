// The logger keeps secrets and personal data out of log lines: phone numbers masked, and a failed
// query's parameters (a member's words) cut — wherever the error text ends up.
import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log.ts';

function capture() {
  const lines: string[] = [];
  const log = createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
  return { log, lines };
}

describe('log redaction', () => {
  it("cuts a failed query's parameters, even with newlines and quotes in them, and keeps the stack", () => {
    const { log, lines } = capture();
    const err = new DrizzleQueryError(
      'insert into support_tickets (summary) values ($1, $2)',
      ['my wife is sick\nplease "help"', '+254712345678'],
      new Error('boom'),
    );
    log.error({ err: String(err.stack) }, 'turn failed');
    log.error({ err: err.message }, 'turn failed');
    const out = lines.join('');
    expect(out).toContain('Failed query: insert into support_tickets');
    expect(out).toContain('params: [redacted]');
    expect(out).not.toMatch(/wife|help|254712345678/);
    expect(out).toMatch(/ {4}at /); // the stack is still there to debug with
    expect(lines.every((l) => JSON.parse(l))).toBe(true);
  });

  it('masks phone numbers in any field and in the message', () => {
    const { log, lines } = capture();
    log.info({ nested: { to: '+254712345678' } }, 'sent to 254712345678@c.us');
    expect(lines.join('')).not.toMatch(/712345678/);
  });
});
