import { describe, expect, it } from 'vitest';
import { counted, words } from './format.ts';

describe('counted', () => {
  it('puts the noun in the number its count asks for', () => {
    expect(counted(1, 'signal')).toBe('1 signal');
    expect(counted(0, 'signal')).toBe('0 signals');
    expect(counted(2, 'delivery', 'deliveries')).toBe('2 deliveries');
    expect(counted(1, 'delivery', 'deliveries')).toBe('1 delivery');
  });
});

describe('words', () => {
  it('spells a camelCase name as words', () => {
    expect(words('reminderPushesFailed')).toBe('reminder pushes failed');
    expect(words('messagesProcessed')).toBe('messages processed');
    expect(words('p95Ms')).toBe('p95 ms');
    expect(words('plain')).toBe('plain');
  });
});
