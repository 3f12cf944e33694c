import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { api } from '../../../api/api.ts';
import { categoryHeading, groupByCategory } from '../../../api/appearance.ts';
import { asApiError } from '../../../api/client.ts';
import type { Activity, MoveActivityInput } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { Button, useToast } from '../../../components/ui.tsx';
import { useTrackingWrite } from '../queries.ts';
import { ActivityCard } from './activity-card.tsx';

type Move = { activity: Activity; to: MoveActivityInput; said: string };

/**
 * The activities grouped by category, each group in the user's order, with the ways to reorder:
 * Move up / Move down buttons, Alt+Arrow keys on a focused card, and drag and drop inside a
 * group. Each move is one `PUT /v1/activities/{id}/position` (before or after a neighbour).
 */
export function OrderedActivityList({
  items,
  onStatus,
  onDelete,
}: {
  items: Activity[];
  onStatus: (activity: Activity, to: 'active' | 'archived') => void;
  onDelete: (activity: Activity) => void;
}) {
  const toast = useToast();
  const [said, setSaid] = useState('');
  const [dragging, setDragging] = useState<string | null>(null);
  const focusAfter = useRef<{ id: string; control: string } | null>(null);
  const list = useRef<HTMLDivElement>(null);
  const move = useTrackingWrite(({ activity, to }: Move) => api.activities.move(activity.id, to));
  const groups = groupByCategory(items);

  const send = (m: Move, control?: string) => {
    // One move at a time: the next one reads the order this one leaves.
    if (move.isPending) return;
    if (control) focusAfter.current = { id: m.activity.id, control };
    move.mutate(m, {
      onSuccess: () => setSaid(m.said),
      onError: (e) => toast(asApiError(e).message, 'error'),
    });
  };
  const up = (group: Activity[], i: number, control?: string) => {
    const a = group[i]!;
    if (i > 0) send({ activity: a, to: { before: group[i - 1]!.id }, said: `${a.name} moved up.` }, control);
  };
  const down = (group: Activity[], i: number, control?: string) => {
    const a = group[i]!;
    if (i < group.length - 1) send({ activity: a, to: { after: group[i + 1]!.id }, said: `${a.name} moved down.` }, control);
  };

  // Reordering moves the card's node, which loses focus: put it back on the control that moved it.
  useEffect(() => {
    const want = focusAfter.current;
    if (!want || move.isPending) return;
    focusAfter.current = null;
    list.current?.querySelector<HTMLElement>(`[data-id="${want.id}"] [data-control="${want.control}"]`)?.focus();
  });

  const onKey = (group: Activity[], i: number) => (e: KeyboardEvent<HTMLElement>) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const control = (document.activeElement as HTMLElement | null)?.dataset.control ?? 'card';
    if (e.key === 'ArrowUp') up(group, i, control);
    else down(group, i, control);
  };

  const onDrop = (group: Activity[], i: number) => (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    const id = dragging;
    setDragging(null);
    const from = group.findIndex((a) => a.id === id);
    if (from < 0 || from === i) return;
    const target = group[i]!;
    const a = group[from]!;
    send({ activity: a, to: from < i ? { after: target.id } : { before: target.id }, said: `${a.name} moved.` });
  };

  return (
    <div ref={list} className="ordered-list">
      <p className="sr-only" role="status" aria-live="polite">
        {said}
      </p>
      {groups.map(({ category, items: group }, _, all) => (
        <section key={category} className="ordered-group" aria-label={categoryHeading(category, all.length) ?? 'Activities'}>
          {categoryHeading(category, all.length) && <h2 className="section-title">{categoryHeading(category, all.length)}</h2>}
          <ul className="card-list">
            {group.map((a, i) => (
              <ActivityCard
                key={a.id}
                activity={a}
                onStatus={onStatus}
                onDelete={onDelete}
                dragging={dragging === a.id}
                itemProps={{
                  'data-id': a.id,
                  onKeyDown: onKey(group, i),
                  onDragOver: (e) => dragging && group.some((g) => g.id === dragging) && e.preventDefault(),
                  onDrop: onDrop(group, i),
                }}
                reorder={
                  group.length > 1 && (
                    <div className="reorder" role="group" aria-label={`Order of ${a.name}`}>
                      <span
                        className="reorder__handle"
                        draggable
                        onDragStart={(e) => {
                          e.dataTransfer.effectAllowed = 'move';
                          e.dataTransfer.setData('text/plain', a.id);
                          setDragging(a.id);
                        }}
                        onDragEnd={() => setDragging(null)}
                        title="Drag to reorder (or Alt+↑ / Alt+↓)"
                        aria-hidden="true"
                      >
                        <Icon name="grip" size={16} />
                      </span>
                      <Button
                        size="sm"
                        variant="ghost"
                        className="btn--icon"
                        data-control="up"
                        aria-disabled={i === 0}
                        onClick={() => up(group, i, 'up')}
                        aria-label={`Move ${a.name} up`}
                        title="Move up (Alt+↑)"
                      >
                        <Icon name="up" size={16} />
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        className="btn--icon"
                        data-control="down"
                        aria-disabled={i === group.length - 1}
                        onClick={() => down(group, i, 'down')}
                        aria-label={`Move ${a.name} down`}
                        title="Move down (Alt+↓)"
                      >
                        <Icon name="down" size={16} />
                      </Button>
                    </div>
                  )
                }
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
