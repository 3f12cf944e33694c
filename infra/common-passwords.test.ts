import { readFileSync } from 'node:fs';
import { dictionary } from '@zxcvbn-ts/language-common';
import { describe, expect, it } from 'vitest';
import { unpackStrengthData, type CommonPasswordsFile } from '../shared/auth/common-passwords.ts';
import { COMMON_PASSWORD_COUNT, commonPasswordSelection } from './common-passwords.ts';

const committed = JSON.parse(readFileSync(new URL('../shared/auth/common-passwords.json', import.meta.url), 'utf8')) as CommonPasswordsFile;

describe('shared/auth/common-passwords.json', () => {
  it('decodes to the selection infra/common-passwords.ts makes (run `npm run docs` after changing it)', () => {
    expect(unpackStrengthData(committed)).toEqual(commonPasswordSelection());
  });

  it('holds the most common passwords of zxcvbn-ts’s ranked list, in rank order', () => {
    const { passwords } = unpackStrengthData(committed);
    expect(passwords).toHaveLength(COMMON_PASSWORD_COUNT);
    expect(committed.count).toBe(COMMON_PASSWORD_COUNT);
    expect(passwords).toEqual((dictionary['passwords-common'] as string[]).slice(0, COMMON_PASSWORD_COUNT));
    expect(passwords).toEqual(expect.arrayContaining(['password', 'dragon', 'monkey', 'sunshine', 'trustno1']));
  });
});
