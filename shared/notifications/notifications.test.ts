import { describe, expect, it } from 'vitest';
import { memoryNotifications } from '../../test/support/memory-repos.ts';
import { listNotifications, notification } from './notifications.ts';

describe('listNotifications', () => {
  it('lists a page newest first by time, whatever the ids say', async () => {
    const repo = memoryNotifications();
    const at = (time: string) => new Date(`2026-11-29T${time}:00Z`);
    // Ids order a day's notifications by kind and subject: "incident.b…" sorts after "incident.a…".
    await repo.add('u1', notification('incident', '2026-11-29', 'a.opened', 'Incident opened: A', '', {}, at('17:25')));
    await repo.add('u1', notification('incident', '2026-11-29', 'b.opened', 'Incident opened: B', '', {}, at('17:24')));
    await repo.add('u1', notification('incident', '2026-11-29', 'a.resolved', 'Incident resolved: A', '', {}, at('17:26')));
    await repo.add('u1', notification('nudge', '2026-11-28', 'x', 'Yesterday', '', {}, at('23:59')));
    const page = await listNotifications(repo, 'u1', { limit: 10 });
    expect(page.items.map((n) => n.title)).toEqual(['Incident resolved: A', 'Incident opened: A', 'Incident opened: B', 'Yesterday']);
  });
});
