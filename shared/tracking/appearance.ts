/**
 * How an activity looks: its colour and icon, each from a fixed set declared once here (zod-free,
 * so the web app's pickers import the same lists the input schemas enforce).
 */

/** Colour names an activity may take; the web app maps each to a shade per theme. */
export const ACTIVITY_COLORS = ['slate', 'red', 'orange', 'amber', 'green', 'teal', 'blue', 'indigo', 'violet', 'pink'] as const;
export type ActivityColor = (typeof ACTIVITY_COLORS)[number];
/** The colour of an activity created without one. */
export const DEFAULT_ACTIVITY_COLOR: ActivityColor = 'blue';

/** Icon names an activity may take, with the emoji the app shows for each. */
export const ACTIVITY_ICONS = {
  run: '🏃',
  walk: '🚶',
  bike: '🚴',
  swim: '🏊',
  gym: '🏋️',
  yoga: '🧘',
  book: '📚',
  write: '✍️',
  study: '🎓',
  code: '💻',
  music: '🎸',
  language: '🗣️',
  water: '💧',
  food: '🥗',
  sleep: '😴',
  meds: '💊',
  teeth: '🪥',
  clean: '🧹',
  plant: '🌱',
  sun: '☀️',
  heart: '❤️',
  money: '💰',
  phone: '📵',
  smoke: '🚭',
  drink: '🍷',
  sugar: '🍬',
  star: '⭐',
} as const;
export type ActivityIcon = keyof typeof ACTIVITY_ICONS;
/** The icon names, as a non-empty tuple for the schemas' enum. */
export const ACTIVITY_ICON_NAMES = Object.keys(ACTIVITY_ICONS) as [ActivityIcon, ...ActivityIcon[]];
