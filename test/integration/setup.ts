import { inject } from 'vitest';
import { registerLocalSecret } from '../support/http-client.ts';

// The shared runtime (global-setup.ts) was started in another process: tell this worker's
// `call` its `/_local/*` secret.
const mosaic = inject('mosaic');
registerLocalSecret(mosaic.url, mosaic.localSecret);
