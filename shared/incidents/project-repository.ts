import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { GSI1 } from '../db/keys.ts';
import { batchDelete, getItems, isConditionFailed, queryAll, queryPages, setFields, type Item } from '../db/table.ts';
import { ConflictError } from '../kit/errors.ts';
import { hookKey, incidentBucketIndex, memberKey, membershipIndex, projectHooksIndex, projectKey, projectPartition, systemProjectKey } from './keys.ts';
import type { Hook, Member, Project, Role, Severity } from './model.ts';

const strip = (item: Item) => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _t, expiresAt: _e, ...rest } = item;
  return rest;
};

function toMember(item: Item): Member {
  return { userId: item.userId as string, email: item.email as string, displayName: item.displayName as string, role: item.role as Role, addedAt: item.addedAt as string };
}

export interface ProjectRepository {
  create(project: Project, owner: Member): Promise<void>;
  get(projectId: string): Promise<Project | undefined>;
  update(projectId: string, changes: Partial<Pick<Project, 'name' | 'description' | 'groupWaitSeconds'>>, at: string): Promise<Project>;
  /** Deletes everything of the project (its partition, and its hooks). */
  remove(projectId: string): Promise<void>;
  member(projectId: string, userId: string): Promise<Member | undefined>;
  members(projectId: string): Promise<Member[]>;
  /** Adds a member; 409 when they already are one. */
  addMember(projectId: string, member: Member): Promise<void>;
  setRole(projectId: string, userId: string, role: Role): Promise<Member | undefined>;
  removeMember(projectId: string, userId: string): Promise<void>;
  /** The projects a user is a member of, with their role. */
  memberships(userId: string): Promise<Array<{ projectId: string; role: Role }>>;
  getMany(projectIds: string[]): Promise<Project[]>;
  /** Severities of a project's active incidents (bounded: the first 500). */
  activeSeverities(projectId: string): Promise<Severity[]>;
  putHook(hook: Hook): Promise<void>;
  getHook(hookId: string): Promise<Hook | undefined>;
  hooks(projectId: string): Promise<Hook[]>;
  deleteHook(hookId: string): Promise<void>;
  /** The stage's system project id, if made. */
  systemProjectId(): Promise<string | undefined>;
  /** Claims the system project id (first writer wins); returns the id in force. */
  claimSystemProject(projectId: string): Promise<string>;
  /**
   * Forgets a deleted account in a project that outlives it: the project's owner id moves to
   * `heir` when it was theirs, and every incident and timeline item naming them as actor,
   * acknowledger or resolver names a deleted account instead. Returns the items changed.
   */
  forgetUser(projectId: string, userId: string, heir: string | undefined): Promise<number>;
}

/** Who a deleted account's actions are shown as (docs/data-model.md, "Deleting an account"). */
export const DELETED_ACCOUNT = { id: 'deleted', name: 'Deleted account' };

export const dynamoProjects: ProjectRepository = {
  // Every item of a project naming a user, rewritten one conditional update at a time (no transactions)
  async forgetUser(projectId, userId, heir) {
    let changed = 0;
    if (heir) {
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: projectKey(projectId),
            UpdateExpression: 'SET ownerId = :heir',
            ConditionExpression: 'ownerId = :u',
            ExpressionAttributeValues: { ':heir': heir, ':u': userId },
          }),
        );
        changed++;
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    }
    for await (const items of queryPages({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': projectPartition(projectId) } })) {
      for (const item of items) {
        const actor = item.actor as { id?: string } | undefined;
        const fields: Record<string, unknown> = {};
        if (actor?.id === userId) fields.actor = DELETED_ACCOUNT;
        if (item.acknowledgedBy === userId) fields.acknowledgedBy = DELETED_ACCOUNT.id;
        if (item.resolvedBy === userId) fields.resolvedBy = DELETED_ACCOUNT.id;
        if (Object.keys(fields).length === 0) continue;
        await dynamo.send(new UpdateCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk }, ...setFields(fields) }));
        changed++;
      }
    }
    return changed;
  },

  async create(project, owner) {
    await dynamo.send(
      new PutCommand({ TableName: tableName, Item: { ...projectKey(project.id), type: 'project', ...project }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    await this.addMember(project.id, owner);
  },

  async get(projectId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: projectKey(projectId) }));
    return out.Item ? (strip(out.Item) as unknown as Project) : undefined;
  },

  async update(projectId, changes, at) {
    const out = await dynamo.send(
      new UpdateCommand({ TableName: tableName, Key: projectKey(projectId), ...setFields({ ...changes, updatedAt: at }), ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_NEW' }),
    );
    return strip(out.Attributes!) as unknown as Project;
  },

  async remove(projectId) {
    for (const hook of await this.hooks(projectId)) await this.deleteHook(hook.id);
    // Members first, so the project disappears from every list at once; then the rest.
    const members = await this.members(projectId);
    await batchDelete(members.map((m) => memberKey(projectId, m.userId)));
    for await (const items of queryPages({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': projectPartition(projectId) }, ProjectionExpression: 'pk, sk' })) {
      await batchDelete(items.map((i) => ({ pk: i.pk as string, sk: i.sk as string })));
    }
  },

  async member(projectId, userId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: memberKey(projectId, userId) }));
    return out.Item ? toMember(out.Item) : undefined;
  },

  // Members of a project
  async members(projectId) {
    const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)', ExpressionAttributeValues: { ':pk': projectPartition(projectId), ':m': 'MEMBER#' } });
    return items.map(toMember);
  },

  async addMember(projectId, member) {
    try {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...memberKey(projectId, member.userId), type: 'member', projectId, ...member, gsi1pk: membershipIndex(member.userId), gsi1sk: projectId },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new ConflictError('This person is already a member of the project.');
      throw error;
    }
  },

  async setRole(projectId, userId, role) {
    try {
      const out = await dynamo.send(
        new UpdateCommand({ TableName: tableName, Key: memberKey(projectId, userId), ...setFields({ role }), ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_NEW' }),
      );
      return toMember(out.Attributes!);
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  },

  async removeMember(projectId, userId) {
    await dynamo.send(new DeleteCommand({ TableName: tableName, Key: memberKey(projectId, userId) }));
  },

  // Projects of a user (GSI1)
  async memberships(userId) {
    const items = await queryAll({ IndexName: GSI1.name, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': membershipIndex(userId) } });
    return items.map((i) => ({ projectId: i.projectId as string, role: i.role as Role }));
  },

  async getMany(projectIds) {
    if (!projectIds.length) return [];
    const items = await getItems(projectIds.map(projectKey));
    return items.map((i) => strip(i) as unknown as Project);
  },

  // Severities of a project's active incidents (GSI1, severity only)
  async activeSeverities(projectId) {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: GSI1.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': incidentBucketIndex(projectId, 'active') },
        ProjectionExpression: 'severity',
        Limit: 500,
      }),
    );
    return (out.Items ?? []).map((i) => i.severity as Severity);
  },

  async putHook(hook) {
    await dynamo.send(
      new PutCommand({ TableName: tableName, Item: { ...hookKey(hook.id), type: 'hook', ...hook, gsi1pk: projectHooksIndex(hook.projectId), gsi1sk: `${hook.createdAt}#${hook.id}` } }),
    );
  },

  async getHook(hookId) {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: hookKey(hookId) }));
    return out.Item ? (strip(out.Item) as unknown as Hook) : undefined;
  },

  // Hooks of a project (GSI1)
  async hooks(projectId) {
    const items = await queryAll({ IndexName: GSI1.name, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': projectHooksIndex(projectId) } });
    return items.map((i) => strip(i) as unknown as Hook);
  },

  async deleteHook(hookId) {
    await dynamo.send(new DeleteCommand({ TableName: tableName, Key: hookKey(hookId) }));
  },

  async systemProjectId() {
    const out = await dynamo.send(new GetCommand({ TableName: tableName, Key: systemProjectKey }));
    return out.Item?.projectId as string | undefined;
  },

  async claimSystemProject(projectId) {
    try {
      await dynamo.send(new PutCommand({ TableName: tableName, Item: { ...systemProjectKey, type: 'system-project', projectId }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return projectId;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return (await this.systemProjectId())!;
    }
  },
};
