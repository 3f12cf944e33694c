import { describe, expect, it } from 'vitest';
import { TEMPLATE_MINER_CONFIG } from './config.ts';
import { TemplateMiner } from './miner.ts';

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

/** A word for a number, in letters only (digits would be masked). */
function letters(n: number): string {
  let out = '';
  do {
    out += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

/** Adds messages; returns each one's final cluster id (after later merges). */
function mineAll(miner: TemplateMiner, messages: string[]): string[] {
  const ids = messages.map((m) => miner.add(m).clusterId);
  return ids.map((id) => miner.resolve(id));
}

describe('TemplateMiner: matching', () => {
  it('puts messages that differ only in masked values in one cluster', () => {
    const miner = new TemplateMiner();
    const a = miner.add('Connection closed by 10.0.0.1 port 5022 after 1.5 s');
    const b = miner.add('Connection closed by 192.168.7.40 port 60001 after 250ms');
    expect(a.change).toBe('created');
    expect(b).toMatchObject({ clusterId: a.clusterId, change: 'matched', template: 'Connection closed by <*> port <*> after <*>' });
    expect(miner.get(a.clusterId)?.size).toBe(2);
  });

  it('routes by token count, then by the leading tokens, values on the <*> branch', () => {
    const miner = new TemplateMiner();
    expect(TEMPLATE_MINER_CONFIG.depth).toBe(2);
    expect(miner.route('disk sda is full again')).toEqual(['5', 'disk', 'sda']);
    expect(miner.route('10.0.0.1 disk is full')).toEqual(['4', '<*>', 'disk']);
    expect(miner.route('ok')).toEqual(['1', 'ok']);
    expect(miner.route('')).toEqual(['0']);
  });

  it('never joins messages of different token counts', () => {
    const miner = new TemplateMiner();
    const ids = mineAll(miner, USERS.map((u) => `user ${u} logged in`).concat(USERS.map((u) => `user ${u} logged in twice`)));
    expect(new Set(ids.slice(0, 6)).size).toBe(1);
    expect(new Set(ids.slice(6)).size).toBe(1);
    expect(ids[0]).not.toBe(ids[6]);
  });

  it('finds a template whose leading token became a variable', () => {
    const miner = new TemplateMiner();
    const ids = mineAll(miner, USERS.map((u) => `${u} logged in from the console`));
    expect(new Set(ids).size).toBe(1);
    expect(miner.get(ids[0]!)?.template).toBe('<*> logged in from the console');
    expect(miner.route('zoe logged in from the console')).toEqual(['6', 'zoe', 'logged']);
    expect(miner.add('zoe logged in from the console')).toMatchObject({ clusterId: ids[0], change: 'matched' });
  });

  it('keeps a word apart until enough distinct values show it is a variable', () => {
    const miner = new TemplateMiner();
    const first = USERS.slice(0, TEMPLATE_MINER_CONFIG.minDistinct - 1).map((u) => miner.add(`Invalid user ${u} from 10.0.0.1`));
    expect(first.map((r) => r.change)).toEqual(['created', 'created', 'created', 'created']);
    const fifth = miner.add('Invalid user erin from 10.0.0.9');
    expect(fifth.change).toBe('merged');
    expect(fifth.template).toBe('Invalid user <*> from <*>');
    // The oldest cluster's id survives; the others are aliases of it.
    expect(fifth.clusterId).toBe(first[0]!.clusterId);
    expect(fifth.mergedIds?.sort()).toEqual(first.slice(1).map((r) => r.clusterId).sort());
    for (const r of first) expect(miner.resolve(r.clusterId)).toBe(fifth.clusterId);
    expect(miner.get(first[2]!.clusterId)).toEqual({ id: fifth.clusterId, template: 'Invalid user <*> from <*>', size: 5 });
    expect(miner.add('Invalid user frank from 10.0.0.2')).toMatchObject({ clusterId: fifth.clusterId, change: 'matched' });
  });

  it('keeps events that differ in a word with few values apart (over-merging by a short message)', () => {
    const miner = new TemplateMiner();
    const events = ['Started', 'Paused', 'Resumed', 'Stopped'];
    const ids = mineAll(
      miner,
      [1, 2, 3].flatMap(() => events.map((e) => `[instance: 3f2504e0-4f89-11d3-9a0c-0305e82c3301] VM ${e} (Lifecycle Event)`)),
    );
    expect(new Set(ids).size).toBe(4);
    expect(miner.clusters().map((c) => c.template).sort()).toEqual(
      events.map((e) => `[instance: <*>] VM ${e} (Lifecycle Event)`).sort(),
    );
  });

  it('does not count siblings below the similarity threshold', () => {
    // These share only "[worker]" (a third of their words): however many, they stay apart.
    const miner = new TemplateMiner();
    const messages = ['Terminating instance', 'Claim successful', 'Creating image', 'Deleting volume', 'Resizing disk', 'Booting kernel'];
    const ids = mineAll(miner, messages.map((m) => `[worker] ${m}`));
    expect(new Set(ids).size).toBe(messages.length);
    expect(TEMPLATE_MINER_CONFIG.similarity).toBeGreaterThan(1 / 3);
    // Sharing three of four words, five distinct values do make a variable.
    const close = mineAll(new TemplateMiner(), USERS.slice(0, 5).map((u) => `session opened for ${u}`));
    expect(new Set(close).size).toBe(1);
  });

  it('merges at once where messages differ only in how a value is written', () => {
    const miner = new TemplateMiner();
    const a = miner.add('synchronized to 10.100.20.250, stratum 3');
    const b = miner.add('synchronized to LOCAL(0), stratum 10');
    expect(b).toMatchObject({ clusterId: a.clusterId, change: 'merged', template: 'synchronized to <*> stratum <*>' });
  });

  it('absorbs a word cluster into a template that has a variable there (subsumption)', () => {
    const miner = new TemplateMiner();
    const word = miner.add('Failed password for webmaster from 10.0.0.1 port 22 ssh2');
    const value = miner.add('Failed password for user1234 from 10.0.0.2 port 22 ssh2');
    expect(value).toMatchObject({ clusterId: word.clusterId, change: 'merged', template: 'Failed password for <*> from <*> port <*> ssh2' });
    expect(miner.size).toBe(1);
  });

  it('does not let a template of values only absorb words', () => {
    const miner = new TemplateMiner();
    const values = miner.add('sda1 sda2 sda3');
    const word = miner.add('succeeded');
    expect(values.template).toBe('<*>');
    expect(word).toMatchObject({ change: 'created', template: 'succeeded' });
    expect(miner.add('nvme0 nvme1').clusterId).toBe(values.clusterId);
  });

  it('match() finds the cluster without changing anything', () => {
    const miner = new TemplateMiner();
    const { clusterId } = miner.add('Disk /dev/sda1 is 91% full');
    const before = JSON.stringify(miner);
    expect(miner.match('Disk /dev/sdb2 is 99% full')?.id).toBe(clusterId);
    expect(miner.match('Disk quota exceeded for everyone')).toBeUndefined();
    expect(JSON.stringify(miner)).toBe(before);
  });

  it('truncates very long messages and tokens', () => {
    const miner = new TemplateMiner();
    const long = Array.from({ length: 500 }, (_, i) => `word${'x'.repeat(i % 7)}q`).join(' ');
    expect(miner.tokens(long)).toHaveLength(TEMPLATE_MINER_CONFIG.maxTokens);
    expect(miner.tokens(`${'y'.repeat(200)}:`)[0]).toHaveLength(TEMPLATE_MINER_CONFIG.maxTokenLength);
    const huge = 'word '.repeat(1_000_000);
    expect(miner.add(huge).template.split(' ')).toHaveLength(TEMPLATE_MINER_CONFIG.maxTokens);
  });
});

describe('TemplateMiner: ids and state', () => {
  const stream = [
    ...USERS.map((u, i) => `Accepted publickey for ${u} from 10.0.${i}.1 port 22`),
    'Server listening on 0.0.0.0 port 22.',
    'VM Started (Lifecycle Event)',
    'VM Stopped (Lifecycle Event)',
    'Received disconnect from 10.0.0.3: 11: Bye Bye [preauth]',
    'pam_unix(sshd:session): session opened for user root by (uid=0)',
  ];

  it('derives ids from the first template, the same in every miner', () => {
    const a = mineAll(new TemplateMiner(), stream);
    const b = mineAll(new TemplateMiner(), stream);
    expect(a).toEqual(b);
    expect(a[0]).toMatch(/^t[0-9a-z]+$/);
  });

  it('restores a saved state to a miner that behaves identically, through JSON', () => {
    const original = new TemplateMiner();
    mineAll(original, stream.slice(0, 8));
    const saved = JSON.parse(JSON.stringify(original)) as unknown;
    const restored = TemplateMiner.restore(saved);
    expect(restored.toJSON()).toEqual(original.toJSON());
    expect(restored.clusters()).toEqual(original.clusters());
    // The same next messages give the same results in both, merges and new clusters included.
    const next = [...stream.slice(8), ...USERS.map((u) => `Invalid user ${u} from 10.1.1.1`), 'VM Paused (Lifecycle Event)'];
    for (const message of next) expect(restored.add(message)).toEqual(original.add(message));
    expect(restored.toJSON()).toEqual(original.toJSON());
  });

  it('keeps aliases across a restore', () => {
    const miner = new TemplateMiner();
    const ids = USERS.slice(0, 5).map((u) => miner.add(`Invalid user ${u} from 10.0.0.1`).clusterId);
    const restored = TemplateMiner.restore(miner.toJSON());
    for (const id of ids) expect(restored.resolve(id)).toBe(ids[0]);
  });

  it('refuses a state that is not one', () => {
    expect(() => TemplateMiner.restore({ v: 99, tick: 0, clusters: [], aliases: [] })).toThrow(/Not a template miner state/);
    expect(() => TemplateMiner.restore({ v: 1, tick: 0, clusters: [['', 'x', 1, 1, 1]], aliases: [] })).toThrow();
    expect(() => TemplateMiner.restore('{}')).toThrow();
  });

  it('counts a revision for each change of templates, not for matches', () => {
    const miner = new TemplateMiner();
    miner.add('Disk /dev/sda1 is 91% full');
    expect(miner.revision).toBe(1);
    miner.add('Disk /dev/sdb1 is 95% full');
    expect(miner.revision).toBe(1);
    miner.add('Fan 2 stopped');
    expect(miner.revision).toBe(2);
    expect(miner.messages).toBe(3);
  });
});

describe('TemplateMiner: bounds', () => {
  it('evicts the least recently seen cluster past maxClusters, and says so', () => {
    const miner = new TemplateMiner({ maxClusters: 3 });
    const a = miner.add('alpha service started');
    miner.add('beta queue drained');
    miner.add('gamma cache warmed');
    miner.add('alpha service started'); // a is now the most recent; b the least
    const d = miner.add('delta index rebuilt');
    expect(d.evicted?.map((c) => c.template)).toEqual(['beta queue drained']);
    expect(miner.size).toBe(3);
    expect(miner.get(a.clusterId)?.size).toBe(2);
    expect(miner.clusters().map((c) => c.template)).toEqual(['gamma cache warmed', 'alpha service started', 'delta index rebuilt']);
  });

  it('keeps the serialized state within maxStateBytes, non-ASCII and quotes included', () => {
    const limit = 4000;
    const miner = new TemplateMiner({ maxStateBytes: limit });
    for (let i = 0; i < 300; i++) {
      // Every word new: no two messages are alike, so each starts a cluster.
      const name = letters(i);
      miner.add(`ünï${name} "cödé${name}" ✓${name} back\\slash${name}`);
      const bytes = Buffer.byteLength(JSON.stringify(miner.toJSON()), 'utf8');
      expect(bytes).toBeLessThanOrEqual(miner.stateBytes);
      expect(miner.stateBytes).toBeLessThanOrEqual(limit);
    }
    expect(miner.size).toBeGreaterThan(5);
    expect(miner.size).toBeLessThan(300);
  });

  it('bounds the default state to fit one DynamoDB item, however long the templates', () => {
    const miner = new TemplateMiner();
    // 400 messages of 64 long tokens come to ~1.6 MB of templates.
    for (let i = 0; i < 400; i++) {
      const words = Array.from({ length: 80 }, (_, k) => `${'w'.repeat(60)}${letters(i * 80 + k)}`);
      miner.add(words.join(' '));
    }
    const bytes = Buffer.byteLength(JSON.stringify(miner.toJSON()), 'utf8');
    expect(bytes).toBeLessThanOrEqual(miner.limits.maxStateBytes);
    expect(miner.limits.maxStateBytes).toBeLessThan(400 * 1024);
    expect(miner.size).toBeLessThan(100);
  });

  it('bounds the aliases', () => {
    const miner = new TemplateMiner({ maxAliases: 3 });
    for (let round = 0; round < 4; round++) {
      for (const u of USERS.slice(0, 5)) miner.add(`round${'r'.repeat(round)} check for ${u} failed`);
    }
    expect(miner.toJSON().aliases.length).toBe(3);
  });
});
