import { useEffect, type RefObject } from 'react';

/** While `open`: a press outside `wrap` or Escape closes it (Escape also hands focus back to `returnTo`). */
export function useDismiss(open: boolean, wrap: RefObject<HTMLElement | null>, close: () => void, returnTo?: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) close();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      close();
      returnTo?.current?.focus();
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, wrap, close, returnTo]);
}
