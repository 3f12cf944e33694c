import { useCallback, useEffect, useState } from 'react';

/** What the user picked: follow the system, or always light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

/** The rule lives in web/static/theme.js (it runs before the first paint); this is its handle. */
interface ThemeHandle {
  choice(): ThemeChoice;
  current(): Theme;
  set(choice: ThemeChoice): Theme;
}

declare global {
  interface Window {
    mosaicTheme?: ThemeHandle;
  }
}

function handle(): ThemeHandle | undefined {
  return typeof window === 'undefined' ? undefined : window.mosaicTheme;
}

/** The theme choice and the theme in force, and a setter that applies and remembers a choice. */
export function useTheme(): { choice: ThemeChoice; theme: Theme; setChoice: (choice: ThemeChoice) => void } {
  const [state, setState] = useState(() => ({ choice: handle()?.choice() ?? 'system', theme: handle()?.current() ?? 'dark' }));
  useEffect(() => {
    // The system's preference or another tab may change the theme under us.
    const sync = () => setState({ choice: handle()?.choice() ?? 'system', theme: handle()?.current() ?? 'dark' });
    const media = window.matchMedia?.('(prefers-color-scheme: light)');
    media?.addEventListener('change', sync);
    window.addEventListener('storage', sync);
    return () => {
      media?.removeEventListener('change', sync);
      window.removeEventListener('storage', sync);
    };
  }, []);
  const setChoice = useCallback((choice: ThemeChoice) => {
    const theme = handle()?.set(choice) ?? 'dark';
    setState({ choice, theme });
  }, []);
  return { ...state, setChoice };
}
