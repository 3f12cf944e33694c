import { describe, expect, it } from 'vitest';
import { counted } from './format.ts';

describe('counted', () => {
  it('puts the noun in the number its count asks for', () => {
    expect(counted(1, 'signal')).toBe('1 signal');
    expect(counted(0, 'signal')).toBe('0 signals');
    expect(counted(2, 'delivery', 'deliveries')).toBe('2 deliveries');
    expect(counted(1, 'delivery', 'deliveries')).toBe('1 delivery');
  });
});
