/**
 * The user's order of activities (docs/data-model.md, "Activity order"): each activity carries a
 * numeric `position`; lists sort by it and group by category. Moving one activity writes only its
 * own position (the midpoint of its new neighbours), so a reorder is one small write; only when
 * two neighbours' positions are too close to split does a move renumber the whole list.
 * Zod-free and pure: the API and the web app share it.
 */

/** What ordering reads of an activity. */
export interface Orderable {
  id: string;
  name: string;
  category: string;
  position: number;
}

/** Gap between positions when a list is renumbered, and beyond the ends of the list. */
export const POSITION_STEP = 1024;

/** The user's order: position, then name, then id (positions may tie, e.g. after an import). */
export function compareActivities(a: Orderable, b: Orderable): number {
  return a.position - b.position || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A copy of `items` in the user's order (`of` finds each item's activity: itself by default). */
export function inUserOrder<T>(items: readonly T[], of: (item: T) => Orderable = (item) => item as Orderable): T[] {
  return [...items].sort((a, b) => compareActivities(of(a), of(b)));
}

/** One category's activities, in the user's order; `category` is '' for those without one. */
export interface CategoryGroup<T> {
  category: string;
  items: T[];
}

/**
 * Activities grouped by category: categories alphabetically (ignoring case), those without a
 * category last; inside each group the user's order. `of` finds each item's activity.
 */
export function groupByCategory<T>(items: readonly T[], of: (item: T) => Orderable = (item) => item as Orderable): CategoryGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of inUserOrder(items, of)) {
    const category = of(item).category;
    const list = groups.get(category);
    if (list) list.push(item);
    else groups.set(category, [item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, undefined, { sensitivity: 'base' })))
    .map(([category, list]) => ({ category, items: list }));
}

/** Where to put an activity: right before, or right after, another one. */
export type Placement = { before: string; after?: undefined } | { after: string; before?: undefined };

/** A position to write. */
export interface PositionWrite {
  id: string;
  position: number;
}

/**
 * The writes that place `movingId` before or after `placement`'s activity in `all` (every activity
 * of the user, any order): none when it is there already, one (the moving activity's new position)
 * as a rule, or every position that changes when its neighbours are too close to split.
 * Throws a RangeError when an id is not in `all` or names the moving activity itself.
 */
export function placeActivity(all: readonly Orderable[], movingId: string, placement: Placement): PositionWrite[] {
  const targetId = placement.before ?? placement.after;
  const moving = all.find((a) => a.id === movingId);
  if (!moving || targetId === movingId || !all.some((a) => a.id === targetId)) throw new RangeError('unknown activity');
  const current = inUserOrder(all);
  const others = current.filter((a) => a.id !== movingId);
  const at = others.findIndex((a) => a.id === targetId) + (placement.after !== undefined ? 1 : 0);
  const prev = others[at - 1];
  const next = others[at];
  const wanted = [...others.slice(0, at), moving, ...others.slice(at)];
  if (wanted.every((a, i) => a.id === current[i]!.id)) return [];
  const position =
    prev && next ? (prev.position + next.position) / 2 : prev ? prev.position + POSITION_STEP : next!.position - POSITION_STEP;
  const fits = (!prev || compareActivities(prev, { ...moving, position }) < 0) && (!next || compareActivities({ ...moving, position }, next) < 0);
  if (fits) return [{ id: movingId, position }];
  // No room between the neighbours (equal positions, or a float's precision spent): renumber.
  return wanted.flatMap((a, i) => ((i + 1) * POSITION_STEP === a.position ? [] : [{ id: a.id, position: (i + 1) * POSITION_STEP }]));
}
