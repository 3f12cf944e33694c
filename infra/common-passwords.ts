import { brotliCompressSync, constants } from 'node:zlib';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import type { CommonPasswordsFile, StrengthData } from '../shared/auth/common-passwords.ts';

/**
 * How many of zxcvbn-ts's ranked common passwords the register and password-change functions
 * carry. The whole list (49,233 entries, ≈ 420 KB minified) put both bundles at 2.5× their floor;
 * this many, compressed, keeps them within issue 6's 1.5× (see docs/decisions.md for the figures).
 */
export const COMMON_PASSWORD_COUNT = 3000;

/** The keyboard graphs zxcvbn's spatial matcher walks: the US layout and the numeric keypad. */
const GRAPHS = ['qwerty', 'keypad'] as const;

/**
 * The entries the functions carry: the first COMMON_PASSWORD_COUNT of zxcvbn-ts's ranked
 * `passwords-common` list, in rank order (zxcvbn's guess estimate uses the rank). Short entries
 * stay: zxcvbn finds list entries inside longer passwords (`Password12` is `password` + `12`), so
 * entries under the length minimum matter as much as the rest.
 */
export function commonPasswordSelection(): StrengthData {
  return {
    passwords: (dictionary['passwords-common']).slice(0, COMMON_PASSWORD_COUNT),
    graphs: Object.fromEntries(GRAPHS.map((g) => [g, adjacencyGraphs[g]])),
  };
}

/**
 * shared/auth/common-passwords.json: the selection, brotli-compressed and base64-encoded (decoded
 * with node:zlib on the first check). Written by `npm run docs`; a test checks it decodes to
 * what `commonPasswordSelection` makes.
 */
export function renderCommonPasswords(): string {
  const data = commonPasswordSelection();
  const packed = brotliCompressSync(JSON.stringify({ ...data, passwords: data.passwords.join('\n') }), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  });
  const file: CommonPasswordsFile = {
    source: '@zxcvbn-ts/language-common passwords-common, rank order, see infra/common-passwords.ts',
    count: data.passwords.length,
    brotliBase64: packed.toString('base64'),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
