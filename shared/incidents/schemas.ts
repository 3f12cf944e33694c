/** Input schemas of the incidents routes (zod/mini: they go into Lambda bundles). */
import * as z from 'zod/mini';
import { Id, multilineText, PageQuery, somethingToChange, trimmedText } from '../kit/schemas.ts';
import { MAX_GROUP_WAIT_SECONDS, TEXT_LIMITS } from './limits.ts';
import { CONNECTION_SOURCES, HOOK_SOURCES, ROLES, SEVERITIES } from './model.ts';

/** An email as the user pool stores it (trimmed, lower case). */
const Email = z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email('must be an email address'));

export const Role = z.enum(ROLES);
export const HookSourceSchema = z.enum(HOOK_SOURCES);

const GroupWait = z.number().check(z.int(), z.gte(0), z.lte(MAX_GROUP_WAIT_SECONDS));

export const CreateProjectBody = z.strictObject({
  name: trimmedText(TEXT_LIMITS.projectName, 1),
  description: z.optional(multilineText(TEXT_LIMITS.description)),
  groupWaitSeconds: z.optional(GroupWait),
});

export const UpdateProjectBody = z.strictObject({
  name: z.optional(trimmedText(TEXT_LIMITS.projectName, 1)),
  description: z.optional(multilineText(TEXT_LIMITS.description)),
  groupWaitSeconds: z.optional(GroupWait),
}).check(somethingToChange);

export const ProjectParams = z.object({ projectId: Id });

const UserId = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9-]+$/, 'must be a user id'));
export const MemberParams = z.object({ projectId: Id, userId: UserId });

export const InviteBody = z.strictObject({ email: Email, role: Role });
export const RoleBody = z.strictObject({ role: Role });

export const CreateHookBody = z.strictObject({
  source: HookSourceSchema,
  name: z.optional(trimmedText(80, 1)),
  auth: z.optional(z.enum(['bearer', 'hmac'])),
  secret: z.optional(z.string().check(z.minLength(8), z.maxLength(256))),
});

const HookId = z.string().check(z.regex(/^h[A-Za-z0-9_-]{43}$/, 'must be a hook id'));
export const HookParams = z.object({ projectId: Id, hookId: HookId });
/** The webhook route's path: validated by the verifier itself (an unknown hook is a 404). */
export const ReceiveHookParams = z.object({ hookId: z.string() });

export const RotateSecretBody = z.strictObject({ secret: z.optional(z.string().check(z.minLength(8), z.maxLength(256))) });

const IncidentId = z.string().check(z.regex(/^[0-9a-z]{9}[0-9a-f]{12}$/, 'must be an incident id'));
export const IncidentParams = z.object({ projectId: Id, incidentId: IncidentId });

export const ListIncidentsQuery = z.extend(PageQuery, {
  state: z._default(z.enum(['active', 'resolved', 'merged']), 'active'),
  severity: z.optional(z.enum(SEVERITIES)),
});

export const CommentBody = z.strictObject({ text: multilineText(TEXT_LIMITS.comment).check(z.minLength(1)) });
export const MergeBody = z.strictObject({ into: IncidentId });
export const SplitBody = z.strictObject({ fingerprints: z.array(z.string().check(z.minLength(1), z.maxLength(300))).check(z.minLength(1), z.maxLength(100)) });

export const CreateOutgoingBody = z.strictObject({ name: trimmedText(80, 1), url: z.string().check(z.minLength(8), z.maxLength(2000)) });
export const OutgoingParams = z.object({ projectId: Id, webhookId: Id });

const ConnectionSourceSchema = z.enum(CONNECTION_SOURCES);
const StringMap = (max: number) => z.record(z.string().check(z.minLength(1), z.maxLength(40)), z.string().check(z.maxLength(max)));

export const CreateConnectionBody = z.strictObject({
  source: ConnectionSourceSchema,
  name: z.optional(trimmedText(80, 1)),
  config: StringMap(500),
  credentials: StringMap(4000),
});
export const CredentialsBody = z.strictObject({ credentials: StringMap(4000) });
export const ConnectionParams = z.object({ projectId: Id, connectionId: Id });
