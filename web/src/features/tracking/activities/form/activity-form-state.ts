import type { Activity, ActivityInput, Cadence, Difficulty, Direction, Priority, Weekday } from '../../../../api/types.ts';
import { DEFAULT_ACTIVITY_COLOR, type ActivityColor, type ActivityIcon } from '../../../../api/appearance.ts';
import { WEEKDAYS } from '../../../../lib/format.ts';

/** The activity form as typed: numbers stay text until sent, each cadence keeps its own settings. */
export interface ActivityFormState {
  name: string;
  description: string;
  category: string;
  unit: string;
  goal: string;
  direction: Direction;
  cadenceType: Cadence['type'];
  timesPerWeek: string;
  weekdays: Weekday[];
  everyDays: string;
  timesPerMonth: string;
  difficulty: Difficulty;
  priority: Priority;
  color: ActivityColor;
  icon: ActivityIcon | null;
  /** Reminder times, `HH:MM` (an `<input type="time">` each). */
  reminders: string[];
}

export const NEW_ACTIVITY: ActivityFormState = {
  name: '',
  description: '',
  category: '',
  unit: '',
  goal: '',
  direction: 'positive',
  cadenceType: 'daily',
  timesPerWeek: '3',
  weekdays: ['mon', 'wed', 'fri'],
  everyDays: '2',
  timesPerMonth: '4',
  difficulty: 'medium',
  priority: 'medium',
  color: DEFAULT_ACTIVITY_COLOR,
  icon: null,
  reminders: [],
};

export function formOf(a: Activity): ActivityFormState {
  return {
    name: a.name,
    description: a.description,
    category: a.category,
    unit: a.unit,
    goal: a.goal === null ? '' : String(a.goal),
    direction: a.direction,
    cadenceType: a.cadence.type,
    timesPerWeek: a.cadence.type === 'weekly' ? String(a.cadence.timesPerWeek) : NEW_ACTIVITY.timesPerWeek,
    weekdays: a.cadence.type === 'weekdays' ? a.cadence.weekdays : NEW_ACTIVITY.weekdays,
    everyDays: a.cadence.type === 'interval' ? String(a.cadence.everyDays) : NEW_ACTIVITY.everyDays,
    timesPerMonth: a.cadence.type === 'monthly' ? String(a.cadence.timesPerMonth) : NEW_ACTIVITY.timesPerMonth,
    difficulty: a.difficulty,
    priority: a.priority,
    color: a.color,
    icon: a.icon,
    reminders: a.reminders,
  };
}

/** The body to send. A goal that is not a number is sent as typed, so the API names the problem beside the field. */
export function inputOf(f: ActivityFormState): ActivityInput {
  const goalText = f.goal.trim().replace(',', '.');
  const cadence: ActivityInput['cadence'] =
    f.cadenceType === 'daily'
      ? { type: 'daily' }
      : f.cadenceType === 'weekly'
        ? { type: 'weekly', timesPerWeek: Number(f.timesPerWeek) }
        : f.cadenceType === 'interval'
          ? { type: 'interval', everyDays: Number(f.everyDays) }
          : f.cadenceType === 'monthly'
            ? { type: 'monthly', timesPerMonth: Number(f.timesPerMonth) }
            : { type: 'weekdays', weekdays: WEEKDAYS.filter((d) => f.weekdays.includes(d)) };
  return {
    name: f.name,
    description: f.description,
    category: f.category,
    unit: f.unit,
    goal: goalText === '' ? null : Number.isFinite(Number(goalText)) ? Number(goalText) : (goalText as unknown as number),
    direction: f.direction,
    cadence,
    difficulty: f.difficulty,
    priority: f.priority,
    color: f.color,
    icon: f.icon,
    // Blank rows are dropped; the API sorts the rest and refuses a time twice.
    reminders: f.reminders.filter((t) => t !== ''),
  };
}

/** The fields the form shows errors beside (an issue on `cadence.weekdays` belongs to `cadence`). */
export const ACTIVITY_FIELDS = ['name', 'description', 'category', 'unit', 'goal', 'direction', 'cadence', 'difficulty', 'priority', 'color', 'icon', 'reminders'] as const;

/** Props every section of the form takes: the state, a setter for one field, the errors by field. */
export interface SectionProps {
  form: ActivityFormState;
  set: <K extends keyof ActivityFormState>(key: K, value: ActivityFormState[K]) => void;
  error: (field: (typeof ACTIVITY_FIELDS)[number]) => string | undefined;
}
