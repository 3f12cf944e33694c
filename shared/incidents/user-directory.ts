import { dynamoProfiles } from '../users/profile-repository.ts';
import type { UserDirectory } from './projects.ts';

async function profile(userId: string) {
  const p = await dynamoProfiles.get(userId);
  return p && { id: p.id, email: p.email, displayName: p.displayName };
}

/** The profile side only, for routes that need no user pool (project creation). */
export const profileDirectory: UserDirectory = {
  findByEmail: () => Promise.reject(new Error('profileDirectory cannot look up emails')),
  profile,
};
