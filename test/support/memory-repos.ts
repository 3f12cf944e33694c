/**
 * In-memory implementations of the repository interfaces, for unit tests of domain functions.
 * They keep the same contracts as the DynamoDB ones (uniqueness, conditional writes, paging).
 */
import type { AccountDeps } from '../../shared/auth/accounts.ts';
import type { AuthState } from '../../shared/auth/auth-state.ts';
import {
  AccountExistsError,
  BadCodeError,
  BadCredentialsError,
  WrongPasswordError,
  type IdentityProvider,
} from '../../shared/auth/identity-provider.ts';
import type { SecurityEvent } from '../../shared/auth/security-events.ts';
import type { MfaChallenge, SessionRecord, SessionRepository } from '../../shared/auth/session-repository.ts';
import type { AttemptCounter, GuardScope, SignInGuardRepository } from '../../shared/auth/sign-in-guard.ts';
import { userKey } from '../../shared/db/keys.ts';
import { newMark, shardOf, type PendingEvent, type PendingMark, type PendingStore } from '../../shared/db/pending.ts';
import type { DomainEvent } from '../../shared/events/catalog.ts';
import type { EventPublisher } from '../../shared/events/domain-events.ts';
import { ConflictError, LimitReachedError, NotFoundError, UnauthorizedError } from '../../shared/kit/errors.ts';
import type { Page } from '../../shared/kit/schemas.ts';
import type { Notification, NotificationRepository } from '../../shared/notifications/notification-repository.ts';
import type { ActivityRepository } from '../../shared/tracking/activity-repository.ts';
import { normalizeName } from '../../shared/tracking/names.ts';
import { MAX_ACTIVITIES_PER_USER, MAX_GOALS_PER_USER } from '../../shared/tracking/limits.ts';
import type { TrackingDeps } from '../../shared/tracking/deps.ts';
import type { EntryRecord, EntryRepository } from '../../shared/tracking/entry-repository.ts';
import type { FileStore } from '../../shared/tracking/file-store.ts';
import type { GoalRepository } from '../../shared/tracking/goal-repository.ts';
import type { ImportJob } from '../../shared/tracking/import-model.ts';
import type { ImportJobRepository, JobChanges } from '../../shared/imports/job-repository.ts';
import type { ImportJobBase } from '../../shared/imports/job.ts';
import type { Activity, DaySlot, Entry, Goal } from '../../shared/tracking/model.ts';
import { activityKey, goalKey } from '../../shared/tracking/keys.ts';
import type { RollupRepository, SlotsByActivity, StoredSlotView } from '../../shared/tracking/rollup-repository.ts';
import type { Profile, ProfileRepository } from '../../shared/users/profile-repository.ts';

function page<T>(items: T[], key: (t: T) => string, p: { limit: number; cursor?: string }): Page<T> {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const start = p.cursor ? sorted.findIndex((i) => key(i) > p.cursor!) : 0;
  const from = start === -1 ? sorted.length : start;
  const slice = sorted.slice(from, from + p.limit);
  return { items: slice, nextCursor: from + p.limit < sorted.length ? key(slice[slice.length - 1]!) : undefined };
}

const clone = <T>(v: T): T => structuredClone(v);

/** A pending mark as the memory repositories keep it: beside its item, found by the sweeper. */
interface StoredMark {
  key: { pk: string; sk: string };
  id: string;
  events: PendingEvent[];
  tries: number;
  due: string;
}

/**
 * The pending marks of the memory repositories, keyed like the table's items, and the sweeper's
 * view of them (the sparse index): the same contract as shared/db/pending-store.ts.
 */
export function memoryMarks(): PendingStore & {
  marks: Map<string, StoredMark>;
  set(key: { pk: string; sk: string }, mark: PendingMark): void;
  get(key: { pk: string; sk: string }): StoredMark | undefined;
  /** Removes the mark `id` (only that one); true when it did. */
  clear(key: { pk: string; sk: string }, id: string): boolean;
  drop(key: { pk: string; sk: string }): void;
} {
  const marks = new Map<string, StoredMark>();
  const k = (key: { pk: string; sk: string }) => `${key.pk}|${key.sk}`;
  return {
    marks,
    set(key, mark) {
      marks.set(k(key), { key: { ...key }, id: mark.id, events: clone(mark.events), tries: 0, due: (mark.due ?? mark.at).toISOString() });
    },
    get(key) {
      const mark = marks.get(k(key));
      return mark ? clone(mark) : undefined;
    },
    clear(key, id) {
      if (marks.get(k(key))?.id !== id) return false;
      marks.delete(k(key));
      return true;
    },
    drop(key) {
      marks.delete(k(key));
    },
    async overdue(shard, before, limit) {
      return [...marks.values()]
        .filter((m) => shardOf(m.key.pk) === shard && m.due < before.toISOString())
        .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))
        .slice(0, limit)
        .map((m) => clone(m));
    },
    async postpone(record, until) {
      const mark = marks.get(k(record.key));
      if (mark?.id !== record.id) return false;
      mark.due = until.toISOString();
      mark.tries = record.tries + 1;
      return true;
    },
  };
}

type Marks = ReturnType<typeof memoryMarks>;

export function memoryProfiles(): ProfileRepository & { rows: Map<string, Profile> } {
  const rows = new Map<string, Profile>();
  return {
    rows,
    async get(id) {
      return rows.has(id) ? clone(rows.get(id)!) : undefined;
    },
    async create(p) {
      if (rows.has(p.id)) throw new ConflictError('This user already has a profile.');
      rows.set(p.id, clone(p));
    },
    async update(id, changes) {
      const p = rows.get(id);
      if (!p) throw new NotFoundError('profile');
      Object.assign(p, changes);
      return clone(p);
    },
    async remove(id) {
      rows.delete(id);
    },
    async list(p) {
      return page([...rows.values()].map(clone), (x) => `${x.createdAt}#${x.id}`, p);
    },
    async emailsOf(ids) {
      return new Map(ids.flatMap((id) => (rows.has(id) ? [[id, rows.get(id)!.email] as const] : [])));
    },
  };
}

export function memoryActivities(marks: Marks = memoryMarks()): ActivityRepository & {
  rows: Map<string, Activity & { statsRev: number; deleting?: boolean }>;
} {
  const rows = new Map<string, Activity & { statsRev: number; deleting?: boolean }>();
  const key = (u: string, id: string) => `${u}#${id}`;
  const itemKey = activityKey;
  const strip = ({ statsRev: _r, deleting: _d, ...a }: Activity & { statsRev: number; deleting?: boolean }): Activity => clone(a);
  const names = new Map<string, string>();
  const claim = (u: string, name: string, id: string) => {
    const k = `${u}#${normalizeName(name)}`;
    if (names.has(k) && names.get(k) !== id) throw new ConflictError(`You already have an activity named "${name}".`);
    names.set(k, id);
  };
  return {
    rows,
    async create(a) {
      const existing = rows.get(key(a.userId, a.id));
      if (existing) return strip(existing);
      if ([...rows.values()].filter((x) => x.userId === a.userId).length >= MAX_ACTIVITIES_PER_USER) {
        throw new LimitReachedError(`You can keep at most ${MAX_ACTIVITIES_PER_USER} activities; delete some first.`, MAX_ACTIVITIES_PER_USER);
      }
      claim(a.userId, a.name, a.id);
      rows.set(key(a.userId, a.id), { ...clone(a), statsRev: 0 });
      return clone(a);
    },
    async get(u, id) {
      const a = rows.get(key(u, id));
      return a ? strip(a) : undefined;
    },
    async list(u, p, status) {
      const mine = [...rows.values()].filter((a) => a.userId === u && (!status || a.status === status));
      return page(mine.map(strip), (a) => a.id, p);
    },
    async listAll(u) {
      return [...rows.values()].filter((a) => a.userId === u).map(strip).sort((a, b) => (a.id < b.id ? -1 : 1));
    },
    async update(u, current, changes, mark) {
      const a = rows.get(key(u, current.id));
      if (!a || a.deleting) throw new NotFoundError('The activity');
      if (changes.name !== undefined && normalizeName(changes.name) !== normalizeName(a.name)) {
        claim(u, changes.name, a.id);
        names.delete(`${u}#${normalizeName(a.name)}`);
      }
      Object.assign(a, clone(changes), { updatedAt: new Date().toISOString() });
      if (mark) marks.set(itemKey(u, a.id), mark);
      return strip(a);
    },
    async markDeleting(u, id, mark) {
      const a = rows.get(key(u, id));
      if (!a || a.status !== 'archived') return false;
      a.deleting = true;
      marks.set(itemKey(u, id), mark);
      return true;
    },
    async pending(u, id) {
      const a = rows.get(key(u, id));
      if (!a) return undefined;
      const mark = marks.get(itemKey(u, id));
      return { ...(mark ? { mark: mark.id } : {}), deleting: a.deleting === true, events: mark?.events ?? [] };
    },
    async clearMark(u, id, markId) {
      return rows.has(key(u, id)) && marks.clear(itemKey(u, id), markId);
    },
    async remove(a) {
      rows.delete(key(a.userId, a.id));
      marks.drop(itemKey(a.userId, a.id));
      names.delete(`${a.userId}#${normalizeName(a.name)}`);
    },
    async saveStats(u, id, stats, rev) {
      const a = rows.get(key(u, id));
      if (!a || a.statsRev !== rev) return false;
      a.stats = clone(stats);
      a.statsRev = rev + 1;
      return true;
    },
    async statsRev(u, id) {
      return rows.get(key(u, id))?.statsRev;
    },
    async noteLogged(u, id, date) {
      const a = rows.get(key(u, id));
      if (a && (a.lastLoggedDate === null || a.lastLoggedDate < date)) a.lastLoggedDate = date;
    },
  };
}

/** The time of a change, after the stored one (the DynamoDB repository's rule). */
function changeTime(now: Date, stored?: string): string {
  return new Date(Math.max(now.getTime(), stored ? Date.parse(stored) + 1 : 0)).toISOString();
}

type EntryRow = Entry & { userId: string };

export function memoryEntries(marks: Marks = memoryMarks()): EntryRepository & {
  rows: Map<string, EntryRow>;
  tombstones: Map<string, { userId: string; activityId: string; date: string; updatedAt: string }>;
} {
  const rows = new Map<string, EntryRow>();
  const tombstones = new Map<string, { userId: string; activityId: string; date: string; updatedAt: string }>();
  const key = (u: string, date: string, a: string) => `${u}#${date}#${a}`;
  const itemKey = (u: string, date: string, a: string) => userKey(u, `ENTRY#${date}#${a}`);
  const strip = ({ userId: _u, ...e }: EntryRow): Entry => clone(e);
  const recordOf = (u: string, date: string, a: string): EntryRecord | undefined => {
    const k = key(u, date, a);
    const mark = marks.get(itemKey(u, date, a));
    const markFields = { ...(mark ? { mark: mark.id } : {}), pending: mark?.events ?? [] };
    const row = rows.get(k);
    if (row) return { activityId: a, date, entry: strip(row), at: Date.parse(row.updatedAt), ...markFields };
    const dead = tombstones.get(k);
    if (dead) return { activityId: a, date, entry: null, at: Date.parse(dead.updatedAt), ...markFields };
    return undefined;
  };
  return {
    rows,
    tombstones,
    async put(u, e, now, pending) {
      const k = key(u, e.date, e.activityId);
      const old = rows.get(k);
      const at = changeTime(now, old?.updatedAt ?? tombstones.get(k)?.updatedAt);
      tombstones.delete(k);
      rows.set(k, { ...clone(e), userId: u, createdAt: old?.createdAt ?? at, updatedAt: at });
      if (pending) marks.set(itemKey(u, e.date, e.activityId), newMark(pending({ ...e, updatedAt: at }), now));
      return strip(rows.get(k)!);
    },
    async putIfAbsent(u, e, now, pending) {
      if (rows.has(key(u, e.date, e.activityId))) return undefined;
      return this.put(u, e, now, pending);
    },
    async get(u, date, a) {
      const e = rows.get(key(u, date, a));
      return e ? strip(e) : undefined;
    },
    async remove(u, date, a, now, pending) {
      const k = key(u, date, a);
      const e = rows.get(k);
      if (!e) return undefined;
      const at = changeTime(now, e.updatedAt);
      rows.delete(k);
      tombstones.set(k, { userId: u, activityId: a, date, updatedAt: at });
      marks.set(itemKey(u, date, a), newMark(pending(Date.parse(at)), now));
      return strip(e);
    },
    async record(u, date, a) {
      return recordOf(u, date, a);
    },
    async settle(u, date, a, markId, tombstone) {
      if (!marks.clear(itemKey(u, date, a), markId)) return false;
      if (tombstone) tombstones.delete(key(u, date, a));
      return true;
    },
    async listByDate(u, date) {
      return [...rows.values()].filter((e) => e.userId === u && e.date === date).map(strip);
    },
    async list(u, f, p) {
      const items = [...rows.values()].filter(
        (e) =>
          e.userId === u &&
          (!f.from || e.date >= f.from) &&
          (!f.to || e.date <= f.to) &&
          (!f.activityId || e.activityId === f.activityId) &&
          (!f.activityIds || f.activityIds.includes(e.activityId)),
      );
      const sorted = page(items.map(strip), (e) => `${e.date}#${e.activityId}`, { limit: items.length || 1 }).items;
      if (f.descending) sorted.reverse();
      const start = p.cursor ? sorted.findIndex((e) => `${e.date}#${e.activityId}` === p.cursor) + 1 : 0;
      const slice = sorted.slice(start, start + p.limit);
      return { items: slice, nextCursor: start + p.limit < sorted.length ? `${slice[slice.length - 1]!.date}#${slice[slice.length - 1]!.activityId}` : undefined };
    },
    async *pagesOfActivity(u, a) {
      yield [...rows.values()].filter((e) => e.userId === u && e.activityId === a).map(strip);
    },
    async *pagesBetween(u, from, to) {
      yield [...rows.values()].filter((e) => e.userId === u && e.date >= from && e.date <= to).map(strip);
    },
    async *recordsOfUser(u) {
      const keys = [...rows.values(), ...tombstones.values()].filter((e) => e.userId === u);
      yield keys.map((e) => recordOf(u, e.date, e.activityId)!);
    },
    async putMany(u, entries, mark) {
      for (const e of entries) {
        const k = key(u, e.date, e.activityId);
        // A batch put replaces the whole item: a tombstone and a mark go with it.
        tombstones.delete(k);
        marks.drop(itemKey(u, e.date, e.activityId));
        rows.set(k, { ...clone(e), userId: u });
        if (mark) marks.set(itemKey(u, e.date, e.activityId), mark(clone(e)));
      }
    },
    async settleMarked(u, a, markId) {
      let cleared = 0;
      for (const e of rows.values()) {
        if (e.userId === u && e.activityId === a && marks.clear(itemKey(u, e.date, a), markId)) cleared++;
      }
      return cleared;
    },
    async removeAllOfActivity(u, a) {
      let n = 0;
      for (const [k, e] of rows) {
        if (e.userId !== u || e.activityId !== a) continue;
        rows.delete(k);
        marks.drop(itemKey(u, e.date, a));
        n++;
      }
      return n;
    },
  };
}

export function memoryRollups(): RollupRepository & { days: Map<string, StoredSlotView>; months: Map<string, StoredSlotView> } {
  // key: user#activity#date, as the day items and the month items keep them
  const days = new Map<string, StoredSlotView>();
  const months = new Map<string, StoredSlotView>();
  const setIfNewer = (store: Map<string, StoredSlotView>, k: string, slot: DaySlot | null, at: number) => {
    const current = store.get(k);
    if (current && current.at >= at) return;
    store.set(k, { slot: slot ? clone(slot) : null, at });
  };
  const split = (k: string) => k.split('#') as [string, string, string];
  const byActivity = (store: Map<string, StoredSlotView>, u: string): SlotsByActivity => {
    const out: SlotsByActivity = new Map();
    for (const [k, v] of store) {
      const [user, activity, date] = split(k);
      if (user !== u) continue;
      if (!out.has(activity)) out.set(activity, new Map());
      out.get(activity)!.set(date, clone(v));
    }
    return out;
  };
  return {
    days,
    months,
    async applySlot(u, a, date, slot, at) {
      setIfNewer(days, `${u}#${a}#${date}`, slot, at);
      setIfNewer(months, `${u}#${a}#${date}`, slot, at);
    },
    async history(u, a, fromMonth = '0000-00', toMonth = '9999-99') {
      const out = new Map<string, DaySlot>();
      for (const [k, v] of [...months].sort(([x], [y]) => (x < y ? -1 : 1))) {
        const [user, activity, date] = split(k);
        if (user === u && activity === a && v.slot && date.slice(0, 7) >= fromMonth && date.slice(0, 7) <= toMonth) out.set(date, clone(v.slot));
      }
      return out;
    },
    async dayRollups(u, from, to) {
      const out = new Map<string, Map<string, DaySlot>>();
      for (const [k, v] of days) {
        const [user, activity, date] = split(k);
        if (user !== u || date < from || date > to || !v.slot) continue;
        if (!out.has(date)) out.set(date, new Map());
        out.get(date)!.set(activity, clone(v.slot));
      }
      return out;
    },
    async removeActivity(u, a) {
      // As in the table: the month items go; day slots stay, ignored once the activity is gone.
      for (const k of [...months.keys()]) if (k.startsWith(`${u}#${a}#`)) months.delete(k);
    },
    async replaceMonths(u, a, entries) {
      await this.removeActivity(u, a);
      for (const e of entries) months.set(`${u}#${a}#${e.date}`, { slot: { status: e.status, value: e.value }, at: Date.parse(e.updatedAt) });
    },
    async replaceDays(u, byDate) {
      for (const [, entries] of byDate) {
        for (const e of entries) days.set(`${u}#${e.activityId}#${e.date}`, { slot: { status: e.status, value: e.value }, at: Date.parse(e.updatedAt) });
      }
    },
    async slotsOfUser(u) {
      return { days: byActivity(days, u), months: byActivity(months, u) };
    },
    async replaceSlot(kind, u, a, date, slot, at, expectedAt) {
      const store = kind === 'day' ? days : months;
      const k = `${u}#${a}#${date}`;
      if (store.get(k)?.at !== expectedAt) return false;
      store.set(k, { slot: slot ? clone(slot) : null, at });
      return true;
    },
  };
}

export function memoryGoals(marks: Marks = memoryMarks()): GoalRepository & { rows: Map<string, Goal & { progressRev: number; announced: boolean }> } {
  const rows = new Map<string, Goal & { progressRev: number; announced: boolean }>();
  const key = (u: string, id: string) => `${u}#${id}`;
  const itemKey = goalKey;
  const strip = ({ progressRev: _r, announced: _a, ...g }: Goal & { progressRev: number; announced: boolean }): Goal => clone(g);
  return {
    rows,
    async create(g, mark) {
      const existing = rows.get(key(g.userId, g.id));
      if (existing) return strip(existing);
      if ([...rows.values()].filter((x) => x.userId === g.userId).length >= MAX_GOALS_PER_USER) {
        throw new LimitReachedError(`You can keep at most ${MAX_GOALS_PER_USER} goals; delete some first.`, MAX_GOALS_PER_USER);
      }
      rows.set(key(g.userId, g.id), { ...clone(g), progressRev: 0, announced: false });
      if (mark) marks.set(itemKey(g.userId, g.id), mark);
      return clone(g);
    },
    async get(u, id) {
      const g = rows.get(key(u, id));
      const mark = marks.get(itemKey(u, id));
      return g ? { ...clone(g), ...(mark ? { mark: mark.id } : {}) } : undefined;
    },
    async list(u, p) {
      return page([...rows.values()].filter((g) => g.userId === u).map(strip), (g) => g.id, p);
    },
    async listAll(u) {
      return [...rows.values()].filter((g) => g.userId === u).map(strip);
    },
    async update(u, id, changes, mark) {
      const g = rows.get(key(u, id));
      if (!g) throw new NotFoundError('The goal');
      Object.assign(g, clone(changes));
      if (mark) marks.set(itemKey(u, id), mark);
      return strip(g);
    },
    async mark(u, id, mark) {
      if (rows.has(key(u, id))) marks.set(itemKey(u, id), mark);
    },
    async clearMark(u, id, markId) {
      return rows.has(key(u, id)) && marks.clear(itemKey(u, id), markId);
    },
    async remove(u, id) {
      marks.drop(itemKey(u, id));
      return rows.delete(key(u, id));
    },
    async saveProgress(u, id, progress, rev) {
      const g = rows.get(key(u, id));
      if (!g || g.progressRev !== rev) return false;
      Object.assign(g, progress, { progressRev: rev + 1 });
      return true;
    },
  };
}

export function memoryNotifications(): NotificationRepository & { rows: Map<string, Notification> } {
  const rows = new Map<string, Notification>();
  return {
    rows,
    async add(u, n) {
      const k = `${u}#${n.id}`;
      if (rows.has(k)) return false;
      rows.set(k, clone(n));
      return true;
    },
    async list(u, p, unreadOnly) {
      const mine = [...rows.entries()].filter(([k, n]) => k.startsWith(`${u}#`) && (!unreadOnly || !n.readAt)).map(([, n]) => clone(n));
      return page(mine, (n) => n.id, p);
    },
    async markRead(u, id, at) {
      const n = rows.get(`${u}#${id}`);
      if (!n) return undefined;
      n.readAt ??= at;
      return clone(n);
    },
    async get(u, id) {
      const n = rows.get(`${u}#${id}`);
      return n ? clone(n) : undefined;
    },
  };
}

interface MemoryAccount {
  id: string;
  password: string;
  groups: string[];
  totp?: { secret: string; on: boolean };
  refreshTokens: Set<string>;
}

/**
 * An identity provider with accounts in memory. Access tokens are `access-<user id>`; a TOTP
 * "code" is accepted when it equals `code-<secret>` (the domain, not TOTP, is under test here).
 */
export function memoryIdentity(): IdentityProvider & { accounts: Map<string, MemoryAccount>; calls: string[] } {
  const accounts = new Map<string, MemoryAccount>();
  const calls: string[] = [];
  let n = 0;
  const byToken = (token: string) => [...accounts.values()].find((x) => `access-${x.id}` === token);
  const tokensOf = (a: MemoryAccount) => {
    const refreshToken = `refresh-${a.id}-${++n}`;
    a.refreshTokens.add(refreshToken);
    return { accessToken: `access-${a.id}`, idToken: `id-${a.id}`, refreshToken, expiresIn: 3600, userId: a.id, isAdmin: a.groups.includes('admin') };
  };
  return {
    accounts,
    calls,
    async signUp(email, password) {
      calls.push(`signUp ${email}`);
      if (accounts.has(email)) throw new AccountExistsError();
      const id = `user-${++n}`;
      accounts.set(email, { id, password, groups: [], refreshTokens: new Set() });
      return id;
    },
    async findUserId(email) {
      calls.push(`findUserId ${email}`);
      return accounts.get(email)?.id;
    },
    async signIn(email, password) {
      calls.push(`signIn ${email}`);
      const a = accounts.get(email);
      if (!a || a.password !== password) throw new BadCredentialsError();
      if (a.totp?.on) return { kind: 'mfa', session: `session-${a.id}` };
      return { kind: 'signed_in', ...tokensOf(a) };
    },
    async answerTotp(email, session, code) {
      calls.push(`answerTotp ${email}`);
      const a = accounts.get(email);
      if (!a || session !== `session-${a.id}`) throw new UnauthorizedError('This sign-in has expired.');
      if (code !== `code-${a.totp?.secret}`) throw new BadCodeError();
      return tokensOf(a);
    },
    async checkPassword(email, password) {
      calls.push(`checkPassword ${email}`);
      return accounts.get(email)?.password === password;
    },
    async refresh(token) {
      calls.push('refresh');
      const a = [...accounts.values()].find((x) => x.refreshTokens.has(token));
      if (!a) throw new UnauthorizedError('The refresh token is not valid.');
      return { accessToken: `access-${a.id}`, idToken: 'id', refreshToken: token, expiresIn: 3600 };
    },
    async revokeRefreshToken(token) {
      calls.push('revokeRefreshToken');
      for (const a of accounts.values()) a.refreshTokens.delete(token);
    },
    async signOutEverywhere(email) {
      calls.push(`signOutEverywhere ${email}`);
      accounts.get(email)?.refreshTokens.clear();
    },
    async changePassword(token, current, next) {
      calls.push('changePassword');
      const a = byToken(token);
      if (!a || a.password !== current) throw new WrongPasswordError('password.current');
      a.password = next;
    },
    async startTotp(token) {
      const a = byToken(token)!;
      a.totp = { secret: `SECRET${a.id.toUpperCase()}`, on: false };
      return a.totp.secret;
    },
    async confirmTotp(token, code) {
      const a = byToken(token)!;
      if (!a.totp || code !== `code-${a.totp.secret}`) throw new BadCodeError();
    },
    async setTotp(token, enabled) {
      const a = byToken(token)!;
      if (a.totp) a.totp.on = enabled;
    },
    async deleteAccount(email) {
      calls.push(`deleteAccount ${email}`);
      accounts.delete(email);
    },
    async removeFromGroup(email, group) {
      const a = accounts.get(email);
      if (a) a.groups = a.groups.filter((g) => g !== group);
    },
    async groupMembers(group) {
      return [...accounts.values()].filter((a) => a.groups.includes(group)).map((a) => a.id);
    },
    async setEnabled(email, enabled) {
      calls.push(`setEnabled ${email} ${enabled}`);
    },
    async addToGroup(email, group) {
      accounts.get(email)?.groups.push(group);
    },
  };
}

/** Sign-in counters in memory, with the same conditional-replace contract as the table's. */
export function memorySignInGuard(): SignInGuardRepository & { counters: Map<string, AttemptCounter>; known: Map<string, number> } {
  const counters = new Map<string, AttemptCounter>();
  const known = new Map<string, number>();
  return {
    counters,
    known,
    async read(account, address) {
      const c = (scope: GuardScope) => {
        const v = counters.get(`${account}|${scope}`);
        return v ? clone(v) : undefined;
      };
      return { account: c('account'), address: c(`address:${address}`), knownAddress: (known.get(`${account}|${address}`) ?? 0) > Date.now() };
    },
    async replace(account, scope, seen, next) {
      const key = `${account}|${scope}`;
      const now = counters.get(key);
      const same = seen ? now !== undefined && now.attempts === seen.attempts && now.lastAt === seen.lastAt : now === undefined;
      if (!same) return false;
      counters.set(key, clone(next));
      return true;
    },
    async clear(account, scopes) {
      for (const scope of scopes) counters.delete(`${account}|${scope}`);
    },
    async rememberAddress(account, address, untilMs) {
      known.set(`${account}|${address}`, untilMs);
    },
  };
}

/** Sessions, token states and MFA challenges in memory. */
export function memorySessions(): SessionRepository & { records: Map<string, SessionRecord>; states: Map<string, AuthState> } {
  const records = new Map<string, SessionRecord>();
  const states = new Map<string, AuthState>();
  const challenges = new Map<string, MfaChallenge>();
  const stateOf = (userId: string) => {
    if (!states.has(userId)) states.set(userId, { revokedTokens: {} });
    return states.get(userId)!;
  };
  return {
    records,
    states,
    async create(token, session) {
      records.set(token, clone(session));
    },
    async get(token) {
      const r = records.get(token);
      return r ? clone(r) : undefined;
    },
    async end(token, userId) {
      const r = records.get(token);
      if (!r || (userId && r.userId !== userId)) return false;
      records.delete(token);
      return true;
    },
    async state(userId) {
      return clone(states.get(userId) ?? { revokedTokens: {} });
    },
    async endAllBefore(userId, validAfter) {
      const s = stateOf(userId);
      s.tokensValidAfter = Math.max(s.tokensValidAfter ?? 0, validAfter);
    },
    async revokeAccessToken(userId, tokenId, expiresAt, forget) {
      const s = stateOf(userId);
      for (const id of forget) delete s.revokedTokens[id];
      s.revokedTokens[tokenId] = expiresAt;
    },
    async markDeleted(userId, at, validAfter) {
      const s = stateOf(userId);
      s.deletedAt = at.toISOString();
      s.tokensValidAfter = validAfter;
    },
    async setDisabled(userId, at) {
      const s = stateOf(userId);
      if (at) s.disabledAt = at.toISOString();
      else delete s.disabledAt;
    },
    async revokeAdminBefore(userId, validAfter) {
      stateOf(userId).adminValidAfter = validAfter;
    },
    async putChallenge(id, challenge) {
      challenges.set(id, clone(challenge));
    },
    async getChallenge(id) {
      const c = challenges.get(id);
      return c ? clone(c) : undefined;
    },
    async deleteChallenge(id) {
      challenges.delete(id);
    },
  };
}

/** Account dependencies in memory: a settable clock, sleeps that move it, and the security events emitted. */
export function memoryAccounts(now = new Date('2026-11-21T10:00:00.250Z')) {
  const clock = { ms: now.getTime() };
  const securityEvents: SecurityEvent[] = [];
  const deps: AccountDeps & { securityEvents: SecurityEvent[]; clock: { ms: number } } = {
    identity: memoryIdentity(),
    profiles: memoryProfiles(),
    guard: memorySignInGuard(),
    sessions: memorySessions(),
    notifications: memoryNotifications(),
    events: memoryPublisher(),
    security: async (event) => {
      securityEvents.push(event);
    },
    now: () => new Date(clock.ms),
    sleep: async (ms) => {
      clock.ms += ms;
    },
    securityEvents,
    clock,
  };
  return deps as typeof deps & {
    identity: ReturnType<typeof memoryIdentity>;
    profiles: ReturnType<typeof memoryProfiles>;
    guard: ReturnType<typeof memorySignInGuard>;
    sessions: ReturnType<typeof memorySessions>;
    notifications: ReturnType<typeof memoryNotifications>;
    events: ReturnType<typeof memoryPublisher>;
  };
}

/** Tracking dependencies in memory, with a settable clock, the published events and the pending marks. */
export function memoryTracking(now = new Date('2026-11-21T12:00:00Z')) {
  const events: DomainEvent[] = [];
  const clock = { now };
  const marks = memoryMarks();
  const deps: TrackingDeps & {
    activities: ReturnType<typeof memoryActivities>;
    entries: ReturnType<typeof memoryEntries>;
    rollups: ReturnType<typeof memoryRollups>;
    goals: ReturnType<typeof memoryGoals>;
    profiles: ReturnType<typeof memoryProfiles>;
    marks: Marks;
    published: DomainEvent[];
    clock: { now: Date };
  } = {
    activities: memoryActivities(marks),
    entries: memoryEntries(marks),
    rollups: memoryRollups(),
    goals: memoryGoals(marks),
    profiles: memoryProfiles(),
    events: {
      async publish(batch) {
        events.push(...batch);
      },
    },
    now: () => new Date(clock.now),
    marks,
    published: events,
    clock,
  };
  return deps;
}

/** A publisher that keeps events in memory. */
export function memoryPublisher(): EventPublisher & { events: DomainEvent[] } {
  const events: DomainEvent[] = [];
  return {
    events,
    async publish(batch) {
      events.push(...batch);
    },
  };
}

/** Import jobs in memory, with the DynamoDB repository's conditions (status, lease, heartbeat). */
export function memoryImports<J extends ImportJobBase = ImportJob>(): ImportJobRepository<J> & { rows: Map<string, J> } {
  const rows = new Map<string, J>();
  const key = (u: string, id: string) => `${u}#${id}`;
  const active = (j: J) => j.status === 'queued' || j.status === 'processing';
  const apply = (j: J, changes: JobChanges<ImportJobBase>) => {
    Object.assign(j, clone(changes));
    if (!active(j)) for (const k of ['runId', 'runEvent', 'resumeToken', 'claimStep', 'heartbeatAt'] as const) delete j[k];
  };
  return {
    rows,
    async create(job) {
      const existing = rows.get(key(job.userId, job.id));
      if (existing) return clone(existing);
      rows.set(key(job.userId, job.id), clone(job));
      return clone(job);
    },
    async get(u, id) {
      const j = rows.get(key(u, id));
      return j ? clone(j) : undefined;
    },
    async list(u, p) {
      const mine = [...rows.values()].filter((j) => j.userId === u).map(clone);
      const out = page(mine, (j) => j.id, p);
      return { ...out, items: out.items.reverse() };
    },
    async transition(u, id, from, changes) {
      const j = rows.get(key(u, id));
      if (!j || !from.includes(j.status)) return false;
      apply(j, changes);
      return true;
    },
    async claim(u, id, c) {
      const j = rows.get(key(u, id));
      if (!j || !active(j)) return false;
      const free = j.runId === undefined || (j.heartbeatAt ?? '') < c.staleBefore.toISOString() || j.runEvent === c.eventId || (c.resumeToken !== undefined && j.resumeToken === c.resumeToken);
      if (!free) return false;
      delete j.resumeToken;
      apply(j, { status: 'processing', heartbeatAt: c.now.toISOString(), updatedAt: c.now.toISOString(), runId: c.runId, runEvent: c.eventId, attempts: c.attempts, claimStep: c.claimStep });
      return true;
    },
    async save(u, id, runId, changes) {
      const j = rows.get(key(u, id));
      if (!j || j.status !== 'processing' || j.runId !== runId) return false;
      apply(j, changes);
      return true;
    },
    async finish(u, id, runId, changes) {
      return this.save(u, id, runId, changes as JobChanges<J> & { heartbeatAt: string });
    },
    async stalled(before, limit) {
      return [...rows.values()]
        .filter((j) => active(j) && j.heartbeatAt !== undefined && j.heartbeatAt < before.toISOString())
        .sort((a, b) => (a.heartbeatAt! < b.heartbeatAt! ? -1 : 1))
        .slice(0, limit)
        .map((j) => ({ userId: j.userId, id: j.id, heartbeatAt: j.heartbeatAt! }));
    },
    async handOver(u, id, seen, token, now) {
      const j = rows.get(key(u, id));
      if (!j || !active(j) || j.heartbeatAt !== seen) return false;
      apply(j, { resumeToken: token, heartbeatAt: now.toISOString(), updatedAt: now.toISOString() });
      return true;
    },
  };
}

/** Files in memory (an import's uploads); `failReads` makes every read fail, as an unreadable object would. */
export function memoryFiles(): FileStore & { objects: Map<string, Buffer>; failReads: Error | undefined } {
  const objects = new Map<string, Buffer>();
  const store = {
    objects,
    failReads: undefined as Error | undefined,
    async presignUpload(k: string, contentType: string, maxBytes: number) {
      return { url: `memory://${k}`, fields: { key: k, 'Content-Type': contentType, max: String(maxBytes) }, expiresAt: new Date().toISOString() };
    },
    async presignDownload(k: string) {
      return { url: `memory://${k}`, expiresAt: new Date().toISOString() };
    },
    async size(k: string) {
      return objects.get(k)?.length;
    },
    async put(k: string, body: Buffer) {
      objects.set(k, Buffer.from(body));
    },
    async remove(k: string) {
      objects.delete(k);
    },
    async *read(k: string) {
      if (store.failReads) throw store.failReads;
      const body = objects.get(k);
      if (!body) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
      yield body;
    },
    async *readRange(k: string, start: number, end: number) {
      if (store.failReads) throw store.failReads;
      const body = objects.get(k);
      if (!body) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
      yield body.subarray(start, end);
    },
    async write(k: string, _type: string, chunks: AsyncIterable<string>) {
      let text = '';
      for await (const c of chunks) text += c;
      objects.set(k, Buffer.from(text));
      return Buffer.byteLength(text);
    },
  };
  return store;
}
