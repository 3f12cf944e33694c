import * as z from 'zod/mini';

/** `source` of every Mosaic domain event on the bus. */
export const EVENT_SOURCE = 'mosaic';

/** Every event names the user it concerns and when it happened; the rest depends on its type. */
export const BaseDetail = z.object({
  userId: z.string().check(z.minLength(1)),
  occurredAt: z.string(),
});
export type BaseDetail = z.infer<typeof BaseDetail>;

/** One event type of the catalog: its detail schema and what it means. */
export interface EventSpec<D extends z.ZodMiniType = z.ZodMiniType> {
  /** The area whose domain publishes it. */
  area: string;
  description: string;
  /** Schema of `detail` (extends BaseDetail). Publishing is typed by it; consumers parse with it. */
  detail: D;
  /** True when a signed-in client may receive it over the real-time channel. */
  client?: boolean;
}

/** An area's part of the catalog: event type (`entry.logged`) → spec. */
export type EventSpecs = Record<string, EventSpec>;

/** The typed detail of each event of a set of specs, as a publisher writes it. */
export type DetailInput<S extends EventSpecs, T extends keyof S> = z.input<S[T]['detail']>;

/** The parsed detail, as a consumer reads it. */
export type DetailOutput<S extends EventSpecs, T extends keyof S> = z.output<S[T]['detail']>;

/** A discriminated union of the events of a set of specs: `{ type, detail }`. */
export type EventOf<S extends EventSpecs> = { [T in keyof S & string]: { type: T; detail: DetailInput<S, T> } }[keyof S & string];

/** The same union with parsed details and the bus envelope's id and time, as consumers get it. */
export type ReceivedEventOf<S extends EventSpecs> = {
  [T in keyof S & string]: { id: string; time: string; type: T; detail: DetailOutput<S, T> };
}[keyof S & string];

/** The specs of some event types only (what one consumer handles), for a narrower event type. */
export function pickEvents<S extends EventSpecs, const T extends keyof S & string>(specs: S, types: readonly T[]): Pick<S, T> {
  return Object.fromEntries(types.map((t) => [t, specs[t]])) as Pick<S, T>;
}
