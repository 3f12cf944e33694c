/**
 * The incidents area's keys, one function per item or access pattern. Everything of a project
 * lives in its partition (`PROJ#<id>`), so a project's data is one query away and nothing of it
 * is reachable without its id; a member's reach is their member item, checked on every route.
 */

/** The partition of one project. */
export const projectPartition = (projectId: string) => `PROJ#${projectId}`;

// The project itself
export const projectKey = (projectId: string) => ({ pk: projectPartition(projectId), sk: 'META' });

// One member of a project; GSI1: the projects of one user
export const memberKey = (projectId: string, userId: string) => ({ pk: projectPartition(projectId), sk: `MEMBER#${userId}` });
export const membershipIndex = (userId: string) => `MEMBERSHIP#${userId}`;

// A hook by its unguessable id (what the webhook route looks up); GSI1: the hooks of a project
export const hookKey = (hookId: string) => ({ pk: `HOOK#${hookId}`, sk: 'HOOK' });
export const projectHooksIndex = (projectId: string) => `PROJ#${projectId}#HOOKS`;

// One delivery of a hook, remembered to drop duplicates
export const deliveryKey = (hookId: string, deliveryId: string) => ({ pk: `HOOK#${hookId}`, sk: `DLV#${deliveryId}` });

// One incident; GSI1: a project's incidents by bucket (active, resolved, merged), newest first
export const incidentKey = (projectId: string, incidentId: string) => ({ pk: projectPartition(projectId), sk: `INC#${incidentId}` });
export const incidentBucketIndex = (projectId: string, bucket: 'active' | 'resolved' | 'merged') => `PROJ#${projectId}#INC#${bucket}`;

// Timeline entries of one incident, in time order
export const timelineKey = (projectId: string, incidentId: string, entryId: string) => ({ pk: projectPartition(projectId), sk: `TL#${incidentId}#${entryId}` });
export const timelinePrefix = (incidentId: string) => `TL#${incidentId}#`;

// Correlation state: per fingerprint, per group
export const fingerprintKey = (projectId: string, fingerprint: string) => ({ pk: projectPartition(projectId), sk: `FP#${fingerprint}` });
export const groupKey = (projectId: string, group: string) => ({ pk: projectPartition(projectId), sk: `GRP#${group}` });

// One signal as received (kept RAW_RETENTION_DAYS)
export const signalKey = (projectId: string, signalId: string) => ({ pk: projectPartition(projectId), sk: `SIG#${signalId}` });

// The project's log-template miner state
export const templatesKey = (projectId: string) => ({ pk: projectPartition(projectId), sk: 'TEMPLATES' });

// Outgoing webhooks of a project
export const outgoingKey = (projectId: string, id: string) => ({ pk: projectPartition(projectId), sk: `OUT#${id}` });

// Connections of a project
export const connectionKey = (projectId: string, id: string) => ({ pk: projectPartition(projectId), sk: `CONN#${id}` });

// The system project of the stage ("Mosaic <stage>")
export const systemProjectKey = { pk: 'SYSTEM', sk: 'PROJECT' };
