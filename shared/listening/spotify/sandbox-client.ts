/** The local Spotify sandbox's fixed app credentials (it accepts only these). No config import: the runtime reads it before the environment is set. */
export const SANDBOX_CLIENT = { clientId: 'mosaic-sandbox-client', clientSecret: 'mosaic-sandbox-secret' };
