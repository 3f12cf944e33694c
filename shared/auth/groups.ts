/** The user-pool group whose members are administrators. */
export const ADMIN_GROUP = 'admin';
