import type * as z from 'zod/mini';

/**
 * The run-time contract of an HTTP route: what its handler needs while it runs (who may call it,
 * its input schemas, its limits, idempotency and success status) and nothing else. A handler
 * bundles its own area's contracts; what only deployment and docs read (handler module, grants,
 * memory, timeout, summary, response schema) is declared beside them in `infra/routes/<area>.ts`
 * and never reaches a Lambda bundle.
 */

/** Who may call a route. `webhook` routes run a verifier on the raw body instead of a user token. */
export type AuthRule = 'public' | 'user' | 'admin' | 'webhook';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Zod schema (built with zod/mini) for an input part; `undefined` when the route takes none. */
export type InputSchema = z.core.$ZodType | undefined;

/** Requests per client per window (429 with Retry-After beyond). */
export interface RateLimit {
  requests: number;
  windowSeconds: number;
}

export interface RouteContract<
  B extends InputSchema = InputSchema,
  Q extends InputSchema = InputSchema,
  P extends InputSchema = InputSchema,
  A extends AuthRule = AuthRule,
  I extends boolean = boolean,
> {
  /** The route's name in the table: also its function's name and its logs' service name. */
  name: string;
  /** `ANY` only for the fallback (`$default`) route. */
  method: HttpMethod | 'ANY';
  /** API Gateway path syntax: `/v1/activities/{id}`; `$default` for the fallback. */
  path: string;
  auth: A;
  body?: B;
  query?: Q;
  params?: P;
  /**
   * When true, the route honours `Idempotency-Key` (a replay returns the first response). A literal
   * type in each area's table: it picks the handler wrapper (`idempotentHttpHandler` or `httpHandler`).
   */
  idempotent: I;
  /** HTTP status of a success. */
  successStatus: number;
  /** Largest accepted request body in bytes (413 beyond). */
  bodyBytes: number;
  rateLimit?: RateLimit;
}

/** What an area module writes for one route; `route()` fills the defaults and the name. */
export type RouteInput<B extends InputSchema, Q extends InputSchema, P extends InputSchema, A extends AuthRule> = Omit<
  RouteContract<B, Q, P, A>,
  'name' | 'idempotent' | 'successStatus' | 'bodyBytes'
> &
  Partial<Pick<RouteContract<B, Q, P, A>, 'idempotent' | 'successStatus' | 'bodyBytes'>>;

/** `idempotent` when a route does not say: true for an authenticated POST (as `route()` decides at run time). */
export type DefaultIdempotent<M, A> = M extends 'POST' ? (A extends 'user' | 'admin' ? true : false) : false;

/** Default request body cap: generous for JSON forms, small enough to refuse junk early. */
export const DEFAULT_BODY_BYTES = 16 * 1024;

/**
 * One route's contract with its defaults: every authenticated POST honours `Idempotency-Key`
 * unless it opts out; a POST succeeds with 201, anything else with 200.
 *
 * Each route is its own top-level constant, named by its first argument
 * (`export const createActivityRoute = route('create-activity', {...})`), and a handler imports
 * only its own: the area's other contracts, and the input schemas only they use, stay out of its
 * bundle (route and schema modules declare values only; the bundler treats their top-level
 * declarations as free of side effects, see `infra/cdk/pure-declarations.ts`). `contracts()` lists
 * an area's routes into its table.
 */
export function route<
  const N extends string,
  A extends AuthRule,
  B extends InputSchema = undefined,
  Q extends InputSchema = undefined,
  P extends InputSchema = undefined,
  M extends HttpMethod | 'ANY' = HttpMethod | 'ANY',
  I extends boolean | undefined = undefined,
>(
  name: N,
  input: RouteInput<B, Q, P, A> & { method: M; idempotent?: I },
): RouteContract<B, Q, P, A, NoInfer<I extends boolean ? I : DefaultIdempotent<M, A>>> & { name: N } {
  // The run-time twin of DefaultIdempotent.
  const idempotent = input.idempotent ?? (input.method === 'POST' && (input.auth === 'user' || input.auth === 'admin'));
  return {
    ...input,
    name,
    idempotent: idempotent as I extends boolean ? I : DefaultIdempotent<M, A>,
    successStatus: input.successStatus ?? (input.method === 'POST' ? 201 : 200),
    bodyBytes: input.bodyBytes ?? DEFAULT_BODY_BYTES,
  };
}

/** An area's table: its named routes keyed by name (a name given twice fails). */
export function contracts<const T extends readonly RouteContract[]>(list: T): { [C in T[number] as C['name']]: C } {
  const byName: Record<string, RouteContract> = {};
  for (const contract of list) {
    if (!contract.name) throw new Error(`a route of ${contract.method} ${contract.path} has no name`);
    if (byName[contract.name]) throw new Error(`route name ${contract.name} is used twice`);
    byName[contract.name] = contract;
  }
  return byName as { [C in T[number] as C['name']]: C };
}
