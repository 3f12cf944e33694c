import { APP } from './app.ts';

/**
 * Application secrets, declared once: the CDK app creates one Secrets Manager secret per entry
 * (`mosaic-<stage>/<name>`), the local runtime keeps them in its data folder, and functions name
 * the ones they read in their route table resources (`secrets.app`).
 */
export interface AppSecretSpec {
  purpose: string;
  /** Generated at random when the stage is created (HMAC keys); otherwise an operator sets it. */
  generated: boolean;
}

export const APP_SECRETS = {
  'signing-key': {
    purpose: 'HMAC key that signs the short-lived values Mosaic hands out (OAuth state, real-time and camera tickets)',
    generated: true,
  },
  'origin-verify': {
    purpose:
      'Shared between CloudFront and the API: CloudFront sends it with every request it passes to the API, and functions refuse requests without it (direct calls to the execute-api address, around the WAF)',
    generated: true,
  },
  'system-hook': {
    purpose:
      "The id of the stage's own CloudWatch hook (system project \"Mosaic <stage>\"): the ops alarm topic's HTTPS subscription posts to /v1/hooks/<this>",
    generated: true,
  },
  'vapid-key': {
    purpose:
      "Seed of the stage's VAPID key pair (Web Push, RFC 8292): the P-256 private key is derived from it (shared/reminders/push.ts), so browsers' push subscriptions stay valid as long as it does",
    generated: true,
  },
  'spotify-app': {
    purpose:
      'The Spotify app of the stage, as JSON {"clientId","clientSecret"}. Absent: the local runtime uses its Spotify sandbox, the cloud answers 503 to connects',
    generated: false,
  },
} as const satisfies Record<string, AppSecretSpec>;

export type AppSecretName = keyof typeof APP_SECRETS;

export const APP_SECRET_NAMES = Object.keys(APP_SECRETS) as AppSecretName[];

/** A secret's name in Secrets Manager (and its file name locally is `name`). */
export function appSecretId(stage: string, name: AppSecretName): string {
  return `${APP}-${stage}/${name}`;
}
