import { describe, expect, it } from 'vitest';
import { categoryHeading, groupByCategory } from './appearance.ts';

describe('categoryHeading', () => {
  it('names a category, calls the uncategorised "Other" beside categories, and shows none when nothing has a category', () => {
    const headings = (categories: string[]) => {
      const groups = groupByCategory(categories.map((category, i) => ({ id: `a${i}`, name: `Activity ${i}`, category, position: i })));
      return groups.map((g) => categoryHeading(g.category, groups.length));
    };
    expect(headings(['Health', '', 'Work'])).toEqual(['Health', 'Work', 'Other']);
    expect(headings(['', ''])).toEqual([undefined]);
    expect(headings(['Health', 'Health'])).toEqual(['Health']);
  });
});
