import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

/**
 * The local SQS's state: queues and their messages in one SQLite file (`node:sqlite`, built into
 * Node 22) in the data folder. Every operation is one SQLite transaction committed before the
 * caller answers, in WAL mode, so what a client was told is sent, deleted or received stays so
 * after Ctrl+C or a `kill -9` of the runtime: queued messages are still there, and messages that
 * were in flight come back when their visibility timeout ends, as in SQS. (`synchronous=NORMAL`:
 * a commit survives the process; an operating-system crash or power cut may lose the last
 * commits, as with the other stand-ins' files.)
 *
 * The semantics are SQS's for a standard queue, the parts Mosaic uses: visibility timeouts,
 * delays, receive counts and the redrive to a dead-letter queue once a message has been received
 * `maxReceiveCount` times, retention, purge.
 */

export const ACCOUNT_ID = '000000000000';
const REGION = 'us-east-1';

/** Queue attributes SQS knows, with its defaults. */
const DEFAULT_ATTRIBUTES = {
  VisibilityTimeout: '30',
  DelaySeconds: '0',
  MessageRetentionPeriod: String(4 * 24 * 3600),
  MaximumMessageSize: String(1024 * 1024),
  ReceiveMessageWaitTimeSeconds: '0',
} as const;
const SETTABLE = new Set([...Object.keys(DEFAULT_ATTRIBUTES), 'RedrivePolicy', 'Policy', 'RedriveAllowPolicy', 'SqsManagedSseEnabled']);

/** An error SQS would answer, with its code (the SDK names the thrown error after it). */
export class SqsError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export interface StoredMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes: Record<string, string>;
}

interface QueueRow {
  name: string;
  attributes: Record<string, string>;
  createdAt: number;
  modifiedAt: number;
}

export const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}`;
export const md5Hex = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

function checkName(name: string): void {
  if (!/^[\w-]{1,80}$/.test(name)) throw new SqsError('InvalidParameterValue', `Invalid queue name: ${name}`);
}

function seconds(value: string | undefined, label: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new SqsError('InvalidParameterValue', `${label} must be an integer from 0 to ${max}`);
  return n;
}

export class QueueStore {
  private readonly db: DatabaseSync;
  private readonly queues = new Map<string, QueueRow>();
  private readonly sql: Record<string, StatementSync>;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS queues (
        name TEXT PRIMARY KEY,
        attributes TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        queue TEXT NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL,
        md5 TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        visible_at INTEGER NOT NULL,
        receive_count INTEGER NOT NULL DEFAULT 0,
        first_receive_at INTEGER,
        receipt TEXT
      ) STRICT;
      CREATE INDEX IF NOT EXISTS messages_by_visibility ON messages (queue, visible_at, seq);
      CREATE UNIQUE INDEX IF NOT EXISTS messages_by_receipt ON messages (receipt);
    `);
    const prepare = (text: string) => this.db.prepare(text);
    this.sql = {
      upsertQueue: prepare(
        `INSERT INTO queues (name, attributes, created_at, modified_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET attributes = excluded.attributes, modified_at = excluded.modified_at`,
      ),
      deleteQueue: prepare('DELETE FROM queues WHERE name = ?'),
      insert: prepare('INSERT INTO messages (queue, id, body, md5, sent_at, visible_at) VALUES (?, ?, ?, ?, ?, ?)'),
      visible: prepare(
        `SELECT seq, id, body, md5, sent_at, receive_count, first_receive_at FROM messages
         WHERE queue = ? AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?`,
      ),
      claim: prepare(
        'UPDATE messages SET receive_count = receive_count + 1, first_receive_at = ?, receipt = ?, visible_at = ? WHERE seq = ?',
      ),
      deadLetter: prepare('UPDATE messages SET queue = ?, visible_at = ?, receipt = NULL WHERE seq = ?'),
      remove: prepare('DELETE FROM messages WHERE queue = ? AND receipt = ?'),
      changeVisibility: prepare('UPDATE messages SET visible_at = ? WHERE queue = ? AND receipt = ? AND visible_at > ?'),
      purge: prepare('DELETE FROM messages WHERE queue = ?'),
      expire: prepare('DELETE FROM messages WHERE queue = ? AND sent_at < ?'),
      nextVisible: prepare('SELECT min(visible_at) AS at FROM messages WHERE queue = ? AND visible_at > ?'),
      counts: prepare(
        `SELECT
           sum(visible_at <= :now) AS visible,
           sum(visible_at > :now AND receive_count > 0) AS inFlight,
           sum(visible_at > :now AND receive_count = 0) AS delayed
         FROM messages WHERE queue = :queue`,
      ),
      allCounts: prepare(
        `SELECT queue,
           sum(visible_at <= :now) AS visible,
           sum(visible_at > :now AND receive_count > 0) AS inFlight,
           sum(visible_at > :now AND receive_count = 0) AS delayed
         FROM messages GROUP BY queue`,
      ),
    };
    for (const row of prepare('SELECT name, attributes, created_at, modified_at FROM queues').all()) {
      const name = row.name as string;
      this.queues.set(name, {
        name,
        attributes: JSON.parse(row.attributes as string) as Record<string, string>,
        createdAt: row.created_at as number,
        modifiedAt: row.modified_at as number,
      });
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  /** Runs `work` in one transaction (one commit for every statement in it). */
  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private queue(name: string): QueueRow {
    const queue = this.queues.get(name);
    if (!queue) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
    return queue;
  }

  private attribute(queue: QueueRow, name: keyof typeof DEFAULT_ATTRIBUTES): number {
    return Number(queue.attributes[name] ?? DEFAULT_ATTRIBUTES[name]);
  }

  private checkAttributes(attributes: Record<string, string>): void {
    for (const [key, value] of Object.entries(attributes)) {
      if (!SETTABLE.has(key)) throw new SqsError('InvalidAttributeName', `Unknown Attribute ${key}.`);
      if (key === 'VisibilityTimeout') seconds(value, key, 43_200);
      if (key === 'DelaySeconds') seconds(value, key, 900);
      if (key === 'MessageRetentionPeriod') seconds(value, key, 1_209_600);
      if (key === 'ReceiveMessageWaitTimeSeconds') seconds(value, key, 20);
      if (key === 'RedrivePolicy') {
        const policy = JSON.parse(value) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
        if (!policy.deadLetterTargetArn || !(Number(policy.maxReceiveCount) >= 1)) {
          throw new SqsError('InvalidParameterValue', 'RedrivePolicy needs deadLetterTargetArn and maxReceiveCount');
        }
      }
    }
  }

  /** Creates a queue, or sets the given attributes of the existing one (idempotent provisioning). */
  createQueue(name: string, attributes: Record<string, string> = {}, now = Date.now()): string {
    checkName(name);
    this.checkAttributes(attributes);
    const existing = this.queues.get(name);
    const row: QueueRow = {
      name,
      attributes: { ...existing?.attributes, ...attributes },
      createdAt: existing?.createdAt ?? now,
      modifiedAt: now,
    };
    this.sql.upsertQueue!.run(name, JSON.stringify(row.attributes), row.createdAt, row.modifiedAt);
    this.queues.set(name, row);
    return name;
  }

  setAttributes(name: string, attributes: Record<string, string>, now = Date.now()): void {
    this.queue(name);
    this.createQueue(name, attributes, now);
  }

  deleteQueue(name: string): void {
    this.queue(name);
    this.transaction(() => {
      this.sql.purge!.run(name);
      this.sql.deleteQueue!.run(name);
    });
    this.queues.delete(name);
  }

  hasQueue(name: string): boolean {
    return this.queues.has(name);
  }

  listQueues(prefix = ''): string[] {
    return [...this.queues.keys()].filter((n) => n.startsWith(prefix)).sort();
  }

  /** The queue's attributes, with SQS's computed ones (ARN, depths, timestamps). */
  attributes(name: string, now = Date.now()): Record<string, string> {
    const queue = this.queue(name);
    const counts = this.sql.counts!.get({ now, queue: name }) as Record<string, number | null>;
    return {
      ...Object.fromEntries(Object.entries(DEFAULT_ATTRIBUTES)),
      ...queue.attributes,
      QueueArn: queueArn(name),
      ApproximateNumberOfMessages: String(counts.visible ?? 0),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight ?? 0),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed ?? 0),
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.modifiedAt / 1000)),
    };
  }

  /**
   * Every queue's depths read by one statement: a snapshot no message can slip through while it
   * moves from one queue to another (reading queue by queue, a consumer could move it from a
   * queue not yet read to one already read, and all would look empty).
   */
  depths(now = Date.now()): Record<string, { visible: number; inFlight: number; delayed: number }> {
    const out: Record<string, { visible: number; inFlight: number; delayed: number }> = {};
    for (const name of this.listQueues()) out[name] = { visible: 0, inFlight: 0, delayed: 0 };
    for (const row of this.sql.allCounts!.all({ now }) as Array<Record<string, string | number | null>>) {
      out[row.queue as string] = { visible: Number(row.visible ?? 0), inFlight: Number(row.inFlight ?? 0), delayed: Number(row.delayed ?? 0) };
    }
    return out;
  }

  /** Stores messages (one commit for all); each is visible after its delay (or the queue's). */
  send(name: string, messages: Array<{ body: string; delaySeconds?: number }>, now = Date.now()): Array<{ MessageId: string; MD5OfMessageBody: string }> {
    const queue = this.queue(name);
    const maxBytes = this.attribute(queue, 'MaximumMessageSize');
    const queueDelay = this.attribute(queue, 'DelaySeconds');
    for (const m of messages) {
      if (Buffer.byteLength(m.body, 'utf8') > maxBytes) {
        throw new SqsError('InvalidParameterValue', `One or more parameters are invalid. Reason: Message must be shorter than ${maxBytes} bytes.`);
      }
      if (m.body.length === 0) throw new SqsError('MissingParameter', 'The request must contain the parameter MessageBody.');
    }
    return this.transaction(() =>
      messages.map((m) => {
        const id = randomUUID();
        const md5 = md5Hex(m.body);
        const delay = m.delaySeconds ?? queueDelay;
        this.sql.insert!.run(name, id, m.body, md5, now, now + delay * 1000);
        return { MessageId: id, MD5OfMessageBody: md5 };
      }),
    );
  }

  /**
   * Receives up to `max` visible messages and hides them for the visibility timeout (the queue's
   * unless given). A message already received `maxReceiveCount` times is moved to the queue's
   * dead-letter queue instead of being delivered again. Returns the messages and the queues that
   * got dead letters (their waiting receivers can be woken).
   */
  receive(name: string, max: number, visibilityTimeout?: number, now = Date.now()): { messages: StoredMessage[]; deadLettered: string[] } {
    const queue = this.queue(name);
    const hideMs = (visibilityTimeout ?? this.attribute(queue, 'VisibilityTimeout')) * 1000;
    const redrive = queue.attributes.RedrivePolicy
      ? (JSON.parse(queue.attributes.RedrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number | string })
      : undefined;
    const deadLetterQueue = redrive ? redrive.deadLetterTargetArn.split(':').pop()! : undefined;
    const maxReceives = redrive ? Number(redrive.maxReceiveCount) : Infinity;
    if (deadLetterQueue) this.queue(deadLetterQueue);
    return this.transaction(() => {
      const messages: StoredMessage[] = [];
      const deadLettered = new Set<string>();
      for (;;) {
        const rows = this.sql.visible!.all(name, now, max - messages.length);
        if (rows.length === 0) break;
        for (const row of rows) {
          const receives = row.receive_count as number;
          if (receives >= maxReceives) {
            this.sql.deadLetter!.run(deadLetterQueue!, now, row.seq as number);
            deadLettered.add(deadLetterQueue!);
            continue;
          }
          const receipt = randomBytes(24).toString('base64url');
          const firstReceive = (row.first_receive_at as number | null) ?? now;
          this.sql.claim!.run(firstReceive, receipt, now + hideMs, row.seq as number);
          messages.push({
            MessageId: row.id as string,
            ReceiptHandle: receipt,
            MD5OfBody: row.md5 as string,
            Body: row.body as string,
            Attributes: {
              SenderId: ACCOUNT_ID,
              SentTimestamp: String(row.sent_at),
              ApproximateReceiveCount: String(receives + 1),
              ApproximateFirstReceiveTimestamp: String(firstReceive),
            },
          });
        }
        if (messages.length >= max) break;
      }
      return { messages, deadLettered: [...deadLettered] };
    });
  }

  /**
   * Deletes the message a receipt handle was given for. As in SQS, a stale handle (the message
   * was received again since) deletes nothing and is not an error.
   */
  deleteMessage(name: string, receipt: string): void {
    this.queue(name);
    this.sql.remove!.run(name, receipt);
  }

  deleteMessages(name: string, receipts: string[]): void {
    this.queue(name);
    this.transaction(() => {
      for (const receipt of receipts) this.sql.remove!.run(name, receipt);
    });
  }

  /** Makes an in-flight message visible again after `timeoutSeconds` (0: now). */
  changeVisibility(name: string, receipt: string, timeoutSeconds: number, now = Date.now()): void {
    this.queue(name);
    seconds(String(timeoutSeconds), 'VisibilityTimeout', 43_200);
    const changed = this.sql.changeVisibility!.run(now + timeoutSeconds * 1000, name, receipt, now);
    if (changed.changes === 0) {
      throw new SqsError('MessageNotInflight', 'The message referred to is not in flight (or the receipt handle is stale).');
    }
  }

  purge(name: string): void {
    this.queue(name);
    this.sql.purge!.run(name);
  }

  /** When the next hidden message of a queue becomes visible (undefined: none is hidden). */
  nextVisibleAt(name: string, now = Date.now()): number | undefined {
    const row = this.sql.nextVisible!.get(name, now);
    return (row?.at as number | null) ?? undefined;
  }

  /** Deletes messages older than their queue's retention period. */
  expire(now = Date.now()): number {
    let removed = 0;
    for (const queue of this.queues.values()) {
      removed += Number(this.sql.expire!.run(queue.name, now - this.attribute(queue, 'MessageRetentionPeriod') * 1000).changes);
    }
    return removed;
  }
}
