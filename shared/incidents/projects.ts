/**
 * Projects and their members. Every project route goes through `access`: a non-member gets
 * *not found* (ids cannot be probed), a member below the route's role gets 403.
 */
import { BadRequestError, ConflictError, ForbiddenError, LimitReachedError, NotFoundError } from '../kit/errors.ts';
import { DEFAULT_GROUP_WAIT_SECONDS, MAX_MEMBERS, MAX_OWNED_PROJECTS } from './limits.ts';
import { ROLE_RANK, SEVERITIES, type Member, type Project, type Role, type Severity } from './model.ts';
import type { ProjectRepository } from './project-repository.ts';

export interface UserDirectory {
  /** The account with this email, if any. */
  findByEmail(email: string): Promise<{ id: string; email: string; displayName: string } | undefined>;
  /** The caller's own email and name (for their member item). */
  profile(userId: string): Promise<{ id: string; email: string; displayName: string } | undefined>;
}

export interface ProjectDeps {
  projects: ProjectRepository;
  newId: () => string;
  now: () => Date;
}

export interface Access {
  project: Project;
  member: Member;
}

/** Who calls: a user id, or the signed-in user with their admin claim (routes open to admins pass it). */
export type Caller = string | { id: string; isAdmin: boolean };
export const callerId = (caller: Caller): string => (typeof caller === 'string' ? caller : caller.id);

/**
 * What an admin (the admin group) who is not a member may do in the stage's system project
 * ("Mosaic <stage>"): respond to its incidents (read, acknowledge, resolve, reopen, comment, merge,
 * split), never own it (hooks, members, settings).
 */
export const ADMIN_SYSTEM_ROLE: Role = 'responder';

const adminOf = (caller: Caller, project: Project | undefined): Member | undefined =>
  project?.system && typeof caller !== 'string' && caller.isAdmin
    ? { userId: caller.id, email: '', displayName: 'An administrator', role: ADMIN_SYSTEM_ROLE, addedAt: project.createdAt }
    : undefined;

/**
 * The caller's access to a project: 404 when the project does not exist or the caller is not a
 * member (the two look the same), 403 when their role is below `least`. Admins reach the system
 * project as responders without being members.
 */
export async function access(deps: Pick<ProjectDeps, 'projects'>, projectId: string, caller: Caller, least: Role): Promise<Access> {
  const [found, project] = await Promise.all([deps.projects.member(projectId, callerId(caller)), deps.projects.get(projectId)]);
  const member = found ?? adminOf(caller, project);
  if (!member || !project) throw new NotFoundError('The project');
  if (ROLE_RANK[member.role] < ROLE_RANK[least]) {
    throw new ForbiddenError(`This needs the ${least} role; you are a ${member.role} of this project.`);
  }
  return { project, member };
}

export type OpenCounts = Record<Severity, number>;

export interface ProjectSummary extends Project {
  role: Role;
  open: OpenCounts;
  openTotal: number;
}

function counts(severities: Severity[]): OpenCounts {
  const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as OpenCounts;
  for (const s of severities) open[s] += 1;
  return open;
}

export async function createProject(
  deps: ProjectDeps & { users: UserDirectory },
  userId: string,
  body: { name: string; description?: string; groupWaitSeconds?: number },
  system = false,
): Promise<ProjectSummary> {
  const owned = (await deps.projects.memberships(userId)).filter((m) => m.role === 'owner');
  if (!system && owned.length >= MAX_OWNED_PROJECTS) throw new LimitReachedError(`You can own at most ${MAX_OWNED_PROJECTS} projects.`, MAX_OWNED_PROJECTS);
  const me = await deps.users.profile(userId);
  const at = deps.now().toISOString();
  const project: Project = { id: deps.newId(), name: body.name, description: body.description ?? '', ownerId: userId, system, groupWaitSeconds: body.groupWaitSeconds ?? DEFAULT_GROUP_WAIT_SECONDS, createdAt: at, updatedAt: at };
  await deps.projects.create(project, { userId, email: me?.email ?? '', displayName: me?.displayName ?? '', role: 'owner', addedAt: at });
  return { ...project, role: 'owner', open: counts([]), openTotal: 0 };
}

/** The caller's projects with their open incidents by severity, most open first, then by name (admins: the system project too). */
export async function listProjects(deps: Pick<ProjectDeps, 'projects'>, caller: Caller): Promise<ProjectSummary[]> {
  const [memberships, systemId] = await Promise.all([
    deps.projects.memberships(callerId(caller)),
    typeof caller !== 'string' && caller.isAdmin ? deps.projects.systemProjectId() : undefined,
  ]);
  const roles = new Map(memberships.map((m) => [m.projectId, m.role]));
  if (systemId && !roles.has(systemId)) roles.set(systemId, ADMIN_SYSTEM_ROLE);
  const projects = await deps.projects.getMany([...roles.keys()]);
  const summaries = await Promise.all(
    projects.map(async (p) => {
      const open = counts(await deps.projects.activeSeverities(p.id));
      return { ...p, role: roles.get(p.id)!, open, openTotal: Object.values(open).reduce((a, b) => a + b, 0) };
    }),
  );
  return summaries.sort((a, b) => b.openTotal - a.openTotal || a.name.localeCompare(b.name));
}

export async function getProject(deps: Pick<ProjectDeps, 'projects'>, projectId: string, caller: Caller): Promise<ProjectSummary> {
  const { project, member } = await access(deps, projectId, caller, 'viewer');
  const open = counts(await deps.projects.activeSeverities(projectId));
  return { ...project, role: member.role, open, openTotal: Object.values(open).reduce((a, b) => a + b, 0) };
}

export async function updateProject(deps: ProjectDeps, projectId: string, userId: string, changes: { name?: string; description?: string; groupWaitSeconds?: number }): Promise<ProjectSummary> {
  await access(deps, projectId, userId, 'owner');
  await deps.projects.update(projectId, changes, deps.now().toISOString());
  return getProject(deps, projectId, userId);
}

export async function deleteProject(deps: ProjectDeps, projectId: string, userId: string): Promise<void> {
  const { project } = await access(deps, projectId, userId, 'owner');
  if (project.system) throw new ConflictError('The system project watches Mosaic itself; it cannot be deleted.');
  await deps.projects.remove(projectId);
}

export async function listMembers(deps: Pick<ProjectDeps, 'projects'>, projectId: string, userId: Caller): Promise<Member[]> {
  await access(deps, projectId, userId, 'viewer');
  const members = await deps.projects.members(projectId);
  return members.sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.email.localeCompare(b.email));
}

/**
 * Adds an existing account as a member (owners only). An email without an account is a 404
 * naming the email: an owner may learn that much, and an invitation to someone without an
 * account would have nowhere to go.
 */
export async function inviteMember(
  deps: ProjectDeps & { users: UserDirectory },
  projectId: string,
  userId: string,
  body: { email: string; role: Role },
): Promise<Member> {
  await access(deps, projectId, userId, 'owner');
  const members = await deps.projects.members(projectId);
  if (members.length >= MAX_MEMBERS) throw new LimitReachedError(`A project has at most ${MAX_MEMBERS} members.`, MAX_MEMBERS);
  const found = await deps.users.findByEmail(body.email);
  if (!found) throw new NotFoundError(`An account with the email ${body.email}`);
  const member: Member = { userId: found.id, email: found.email, displayName: found.displayName, role: body.role, addedAt: deps.now().toISOString() };
  await deps.projects.addMember(projectId, member);
  return member;
}

/** Changes a member's role (owners only); the last owner cannot step down. */
export async function changeRole(deps: ProjectDeps, projectId: string, userId: string, memberId: string, role: Role): Promise<Member> {
  await access(deps, projectId, userId, 'owner');
  const members = await deps.projects.members(projectId);
  const target = members.find((m) => m.userId === memberId);
  if (!target) throw new NotFoundError('The member');
  if (target.role === 'owner' && role !== 'owner' && members.filter((m) => m.role === 'owner').length === 1) {
    throw new ConflictError('A project needs an owner: make someone else owner first.');
  }
  return (await deps.projects.setRole(projectId, memberId, role)) ?? target;
}

/** Removes a member: owners remove anyone, anyone may leave; the last owner cannot go. */
export async function removeMember(deps: ProjectDeps, projectId: string, userId: string, memberId: string): Promise<void> {
  const { member } = await access(deps, projectId, userId, 'viewer');
  if (memberId !== userId && member.role !== 'owner') throw new ForbiddenError('Only an owner may remove other members.');
  const members = await deps.projects.members(projectId);
  const target = members.find((m) => m.userId === memberId);
  if (!target) throw new NotFoundError('The member');
  if (target.role === 'owner' && members.filter((m) => m.role === 'owner').length === 1) {
    throw new BadRequestError('last_owner', 'The last owner cannot leave: make someone else owner, or delete the project.');
  }
  await deps.projects.removeMember(projectId, memberId);
}

/**
 * The account purge's part of incidents, for every project the user belongs to: a project they
 * own alone with nobody else in it is deleted with everything in it (and `removeRawSignals`
 * drops its raw payloads); one they are the last owner of, with other members, passes to its
 * longest-standing member, who becomes owner; in every project that stays, their membership goes
 * and their actions are shown as a deleted account's. Safe to run again.
 */
export async function leaveAllProjects(
  deps: { projects: ProjectRepository; removeRawSignals: (projectId: string) => Promise<number> },
  userId: string,
): Promise<{ left: number; deleted: number; handedOver: number }> {
  const result = { left: 0, deleted: 0, handedOver: 0 };
  for (const { projectId, role } of await deps.projects.memberships(userId)) {
    const project = await deps.projects.get(projectId);
    const others = (await deps.projects.members(projectId)).filter((m) => m.userId !== userId);
    if (project && others.length === 0 && !project.system) {
      await deps.projects.remove(projectId);
      await deps.removeRawSignals(projectId);
      result.deleted++;
      continue;
    }
    let heir: string | undefined;
    if (role === 'owner' && !others.some((m) => m.role === 'owner') && others.length > 0) {
      const oldest = [...others].sort((a, b) => a.addedAt.localeCompare(b.addedAt))[0]!;
      await deps.projects.setRole(projectId, oldest.userId, 'owner');
      heir = oldest.userId;
      result.handedOver++;
    } else heir = others.find((m) => m.role === 'owner')?.userId;
    if (project) await deps.projects.forgetUser(projectId, userId, heir);
    await deps.projects.removeMember(projectId, userId);
    result.left++;
  }
  return result;
}
