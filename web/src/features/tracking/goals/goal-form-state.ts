import type { Goal, GoalInput, GoalLinkInput } from '../../../api/types.ts';

export interface LinkRow {
  activityId: string;
  weight: string;
}

/** The goal form as typed (numbers stay text until sent). */
export interface GoalFormState {
  name: string;
  description: string;
  targetValue: string;
  unit: string;
  startDate: string;
  deadline: string;
  links: LinkRow[];
}

export const newGoal = (today: string): GoalFormState => ({
  name: '',
  description: '',
  targetValue: '',
  unit: '',
  startDate: today,
  deadline: '',
  links: [{ activityId: '', weight: '1' }],
});

export function formOf(g: Goal): GoalFormState {
  return {
    name: g.name,
    description: g.description,
    targetValue: String(g.targetValue),
    unit: g.unit,
    startDate: g.startDate,
    deadline: g.deadline ?? '',
    links: g.links.map((l) => ({ activityId: l.activityId, weight: String(l.weight) })),
  };
}

const toNumber = (s: string): number => {
  const t = s.trim().replace(',', '.');
  return t === '' ? Number.NaN : Number(t);
};

/** Numbers as typed: an empty or bad one goes as it is, and the API names the field. */
const numberOrRaw = (s: string): number =>
  s.trim() === '' ? (undefined as unknown as number) : Number.isFinite(toNumber(s)) ? toNumber(s) : (s.trim() as unknown as number);

/** The goal's fields to send (without its links). */
export function goalInput(f: GoalFormState): Omit<GoalInput, 'links'> {
  return {
    name: f.name,
    description: f.description,
    targetValue: numberOrRaw(f.targetValue),
    unit: f.unit,
    startDate: f.startDate || undefined,
    deadline: f.deadline || null,
  };
}

/** The chosen links (rows without an activity are left out). */
export const linksOf = (rows: LinkRow[]): GoalLinkInput[] =>
  rows.filter((r) => r.activityId).map((r) => ({ activityId: r.activityId, weight: numberOrRaw(r.weight) }));
