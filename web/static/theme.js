/*
 * The theme, applied before the first paint (a plain script in <head>, allowed by the CSP's
 * script-src 'self'): the user's choice from localStorage ("system", "light" or "dark"; system by
 * default) resolved against prefers-color-scheme, set as <html data-theme> with the matching
 * <meta name="color-scheme"> and theme-color. The app changes it through window.mosaicTheme
 * (web/src/lib/theme.ts), so this file is the one place the rule lives.
 */
(function () {
  var KEY = 'mosaic.theme';
  var BARS = { dark: '#0d1117', light: '#f6f8fa' };
  var media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: light)') : null;

  function choice() {
    try {
      var stored = localStorage.getItem(KEY);
      return stored === 'light' || stored === 'dark' ? stored : 'system';
    } catch {
      return 'system';
    }
  }

  function resolved(pick) {
    if (pick === 'light' || pick === 'dark') return pick;
    return media && media.matches ? 'light' : 'dark';
  }

  function meta(name, content) {
    var tag = document.querySelector('meta[name="' + name + '"]');
    if (tag) tag.setAttribute('content', content);
  }

  function apply() {
    var theme = resolved(choice());
    document.documentElement.setAttribute('data-theme', theme);
    meta('color-scheme', theme);
    meta('theme-color', BARS[theme]);
    return theme;
  }

  window.mosaicTheme = {
    choice: choice,
    current: function () {
      return resolved(choice());
    },
    set: function (pick) {
      try {
        if (pick === 'light' || pick === 'dark') localStorage.setItem(KEY, pick);
        else localStorage.removeItem(KEY);
      } catch {
        /* storage refused: the choice lasts this page */
      }
      return apply();
    },
  };

  if (media && media.addEventListener) media.addEventListener('change', apply);
  // Another tab's choice.
  window.addEventListener('storage', function (event) {
    if (event.key === KEY) apply();
  });
  apply();
})();
