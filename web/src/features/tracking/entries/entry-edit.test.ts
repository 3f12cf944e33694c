import { describe, expect, it } from 'vitest';
import { entryBody } from './entry-edit.ts';

describe('the day editor’s body', () => {
  it('sends a chosen status with the amount and note', () => {
    expect(entryBody('done', '', 'calm')).toEqual({ status: 'done', value: null, note: 'calm' });
    expect(entryBody('skipped', '3', '')).toEqual({ status: 'skipped', value: 3, note: '' });
    expect(entryBody('missed', ' 2,5 ', 'x')).toEqual({ status: 'missed', value: 2.5, note: 'x' });
  });

  it('sends the amount alone for "by the amount", so the API derives the status', () => {
    expect(entryBody('amount', '4.9', '')).toEqual({ value: 4.9, note: '' });
  });

  it('asks for a delete for "no entry"', () => {
    expect(entryBody('clear', '5', 'ignored')).toBeNull();
  });
});
