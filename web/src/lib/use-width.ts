import { useEffect, useRef, useState, type RefObject } from 'react';

/** The rendered width of an element, kept current (charts draw in real pixels, so text stays legible). */
export function useWidth<E extends HTMLElement>(fallback = 600): [RefObject<E | null>, number] {
  const ref = useRef<E | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w) setWidth(Math.floor(w));
    });
    // The observer reports the first size as soon as it starts observing.
    observer.observe(el);
    return () => observer.disconnect();
  }, [fallback]);
  return [ref, width];
}
