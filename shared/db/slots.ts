import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { LimitReachedError } from '../kit/errors.ts';
import { slotsKey, userItemsQuery } from './keys.ts';
import { queryAll, writeIf } from './table.ts';

/**
 * Caps on how many items of a kind a user keeps (200 activities, 100 goals), enforced atomically
 * without transactions (docs/decisions.md, "Caps"). One item per user and kind holds a map from
 * the id of each item that counts to the time its slot was taken; a slot is taken with one
 * conditional update — "set slots[id] if slots[id] exists or size(slots) < cap" — before the item
 * is written, and given back when the item is deleted or its write fails. Keyed by id rather than
 * a bare count, taking a slot is idempotent: a re-run of the same create (same id, see
 * `kit/ids.ts`) never counts twice.
 *
 * A slot whose item never arrived (its function was killed between the two writes) is reclaimed
 * when the cap is hit: slots older than {@link STALE_SLOT_MS} whose item does not exist are
 * dropped. A user whose items predate the slots item gets it seeded from the items themselves.
 */

/** What a kind of capped item tells the slots. */
export interface SlotKind {
  /** Names the slots item (`SLOTS#<kind>`). */
  kind: string;
  cap: number;
  /** The 409's words when the cap is reached. */
  limitMessage: string;
  /** Ids of the user's items of this kind (to seed the slots the first time). */
  existingIds(userId: string): Promise<string[]>;
  /** Whether the item with this id exists (consistent read). */
  exists(userId: string, id: string): Promise<boolean>;
}

/**
 * The slot kind of items keyed `<prefix><id>` in the user's partition, each holding its `id`
 * (activities, goals): seeded from a query of that prefix.
 */
export function prefixSlotKind(input: {
  kind: string;
  cap: number;
  /** Plural noun for the 409's words ("activities"). */
  plural: string;
  /** Sort-key prefix of the items (`ACT#`). */
  prefix: string;
  exists: SlotKind['exists'];
}): SlotKind {
  return {
    kind: input.kind,
    cap: input.cap,
    limitMessage: `You can keep at most ${input.cap} ${input.plural}; delete some first.`,
    async existingIds(userId) {
      const items = await queryAll({
        ...userItemsQuery(userId, input.prefix),
        ProjectionExpression: 'id',
      });
      return items.map((i) => i.id as string);
    },
    exists: input.exists,
  };
}

/** Longer than any function that creates capped items runs (the imports consumer: 15 min). */
export const STALE_SLOT_MS = 20 * 60 * 1000;

/** Item id → epoch ms its slot was taken, or CONFIRMED. */
type Slots = Record<string, number>;

/** A slot whose item was seen to exist: it is never stale. */
const CONFIRMED = 0;

async function readSlots(userId: string, kind: SlotKind): Promise<Slots | undefined> {
  const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: slotsKey(userId, kind.kind), ConsistentRead: true }));
  return out.Item ? ((out.Item.slots as Slots | undefined) ?? {}) : undefined;
}

/** Creates the slots item from the items that exist (once per user and kind). */
async function seedSlots(userId: string, kind: SlotKind): Promise<void> {
  const ids = await kind.existingIds(userId);
  // Someone else may have seeded it first: theirs stands.
  await writeIf(
    dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...slotsKey(userId, kind.kind), type: 'slots', slots: Object.fromEntries(ids.map((id) => [id, CONFIRMED])) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/**
 * Drops slots taken more than STALE_SLOT_MS ago whose item does not exist, and marks those whose
 * item does as confirmed (so each slot is looked at once); how many it dropped.
 */
async function reclaimStale(userId: string, kind: SlotKind, slots: Slots, nowMs: number): Promise<number> {
  let dropped = 0;
  for (const [id, takenAt] of Object.entries(slots)) {
    if (takenAt === CONFIRMED || nowMs - takenAt < STALE_SLOT_MS) continue;
    const exists = await kind.exists(userId, id);
    // Not written when the slot was taken again since: it is live.
    const written = await writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: slotsKey(userId, kind.kind),
          UpdateExpression: exists ? 'SET #slots.#id = :confirmed' : 'REMOVE #slots.#id',
          ConditionExpression: '#slots.#id = :takenAt',
          ExpressionAttributeNames: { '#slots': 'slots', '#id': id },
          ExpressionAttributeValues: { ':takenAt': takenAt, ...(exists ? { ':confirmed': CONFIRMED } : {}) },
        }),
      ),
    );
    if (written && !exists) dropped++;
  }
  return dropped;
}

/** Tries before giving up on a slot that other requests keep changing. */
const ATTEMPTS = 8;

/**
 * Takes the slot of item `id` (a no-op when it holds one already); throws
 * {@link LimitReachedError} (409 `limit_reached`) when the user is at the cap.
 */
export async function takeSlot(userId: string, kind: SlotKind, id: string, nowMs: number = Date.now()): Promise<void> {
  let reclaimed = false;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const taken = await writeIf(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: slotsKey(userId, kind.kind),
          UpdateExpression: 'SET #slots.#id = if_not_exists(#slots.#id, :now)',
          ConditionExpression: 'attribute_exists(#slots) AND (attribute_exists(#slots.#id) OR size(#slots) < :cap)',
          ExpressionAttributeNames: { '#slots': 'slots', '#id': id },
          ExpressionAttributeValues: { ':now': nowMs, ':cap': kind.cap },
        }),
      ),
    );
    if (taken) return;
    const slots = await readSlots(userId, kind);
    if (slots === undefined) {
      await seedSlots(userId, kind);
      continue;
    }
    if (id in slots) continue; // taken by a concurrent run of the same create
    if (Object.keys(slots).length < kind.cap) continue; // freed meanwhile
    if (reclaimed || (await reclaimStale(userId, kind, slots, nowMs)) === 0) throw new LimitReachedError(kind.limitMessage, kind.cap);
    reclaimed = true;
  }
  throw new LimitReachedError(kind.limitMessage, kind.cap);
}

/** Gives back the slot of item `id` (deleted, or its write failed); a no-op without one. */
export async function releaseSlot(userId: string, kind: SlotKind, id: string): Promise<void> {
  await writeIf(
    dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: slotsKey(userId, kind.kind),
        UpdateExpression: 'REMOVE #slots.#id',
        // Without the condition, a REMOVE on a missing item would create an empty one.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#slots': 'slots', '#id': id },
      }),
    ),
  );
}
