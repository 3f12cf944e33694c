import { brotliDecompressSync } from 'node:zlib';
import type { OptionsGraph } from '@zxcvbn-ts/core';
import PACKED from './common-passwords.json' with { type: 'json' };

/** shared/auth/common-passwords.json as `npm run docs` writes it (infra/common-passwords.ts). */
export interface CommonPasswordsFile {
  source: string;
  count: number;
  /** Brotli of the JSON `{ passwords: entries joined by "\n", graphs }`, base64. */
  brotliBase64: string;
}

/** What the strength check feeds zxcvbn: ranked common passwords (most common first) and keyboard graphs. */
export interface StrengthData {
  passwords: string[];
  graphs: OptionsGraph;
}

/** Decodes the packed list (a few ms; done once, on the first password check). */
export function unpackStrengthData(file: CommonPasswordsFile = PACKED): StrengthData {
  const { passwords, graphs } = JSON.parse(brotliDecompressSync(Buffer.from(file.brotliBase64, 'base64')).toString('utf8')) as {
    passwords: string;
    graphs: OptionsGraph;
  };
  return { passwords: passwords.split('\n'), graphs };
}
