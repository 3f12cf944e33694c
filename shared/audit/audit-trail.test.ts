import { describe, expect, it } from 'vitest';
import { memoryProfiles } from '../../test/support/memory-repos.ts';
import type { AuditRecord, AuditRepository } from './audit.ts';
import { auditTrailPage } from './audit-trail.ts';

const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const GONE = '33333333-3333-4333-8333-333333333333';

const record = (id: string, actor: string | undefined, target: string | undefined): AuditRecord => ({
  id,
  at: '2026-11-30T01:00:00.000Z',
  kind: 'admin.granted',
  outcome: 'success',
  ...(actor ? { actor } : {}),
  ...(target ? { target } : {}),
});

describe('auditTrailPage', () => {
  it('names the users of a page by email, and leaves other actors, targets and deleted accounts as written', async () => {
    const profiles = memoryProfiles();
    for (const [id, email] of [[ALICE, 'alice@example.com'], [BOB, 'bob@example.com']]) {
      await profiles.create({ id: id!, email: email!, displayName: id!, timezone: 'UTC', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
    }
    const items = [record('1', ALICE, BOB), record('2', 'cli:ops', GONE), record('3', 'system', 'GET /v1/admin/users'), record('4', undefined, ALICE)];
    const asked: string[][] = [];
    const audit: Pick<AuditRepository, 'query'> = { query: async () => ({ items, nextCursor: 'next' }) };
    const page = await auditTrailPage(
      { audit, profiles: { emailsOf: (ids) => (asked.push([...ids]), profiles.emailsOf(ids)) } },
      {},
      { limit: 50 },
    );
    expect(page).toEqual({ items, nextCursor: 'next', people: { [ALICE]: 'alice@example.com', [BOB]: 'bob@example.com' } });
    // One read for the page, each user id once; `cli:…`, `system` and route targets are not ids.
    expect(asked).toEqual([[ALICE, BOB, GONE]]);
  });

  it('reads no profile for a page that names no user', async () => {
    const audit: Pick<AuditRepository, 'query'> = { query: async () => ({ items: [record('1', 'system', 'backup-1')] }) };
    const page = await auditTrailPage({ audit, profiles: { emailsOf: () => Promise.reject(new Error('not expected')) } }, {}, { limit: 50 });
    expect(page.people).toEqual({});
  });
});
