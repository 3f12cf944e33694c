/**
 * An activity's colour and icon sets and the user's order, from the zod-free shared modules the
 * API's schemas and queries use: the pickers, badges and lists read the very same lists.
 */
export { ACTIVITY_COLORS, ACTIVITY_ICONS, ACTIVITY_ICON_NAMES, DEFAULT_ACTIVITY_COLOR } from '../../../shared/tracking/appearance.ts';
export type { ActivityColor, ActivityIcon } from '../../../shared/tracking/appearance.ts';
export { groupByCategory, inUserOrder, type CategoryGroup } from '../../../shared/tracking/ordering.ts';

/**
 * The heading of a category group (of `groups` shown): its category; "Other" for the activities
 * without one when there are other groups; none when no activity has a category.
 */
export function categoryHeading(category: string, groups: number): string | undefined {
  return category || (groups > 1 ? 'Other' : undefined);
}
