import { type CSSVariablesResolver, createTheme, Notification } from '@mantine/core';

// Shade 8 of blue and a darker "dimmed" keep text at WCAG AA contrast (4.5:1) on white;
// Mantine's defaults (blue 6, gray 6) fall just short.
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 4 },
  defaultRadius: 'sm',
  // Someone who asked their system for less motion gets dialogs and notifications without it.
  respectReducedMotion: true,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  // Page titles shrink on phones (to about 1.75rem at 390 px), so a long one takes two lines,
  // not three, and the page's first content stays in view; desktop keeps Mantine's 2.125rem.
  headings: { sizes: { h1: { fontSize: 'clamp(1.625rem, 1.1rem + 2.2vw, 2.125rem)' } } },
  components: {
    // A notification's close button is an icon: give it a name screen readers can say.
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } } }),
    // A table wider than a phone scrolls sideways: keyboard users must be able to scroll it too.
    // Named, not imported, so the first page's bundle does not carry the table code.
    TableScrollContainer: { defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } } },
    // A dialog's close button is an icon too.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7],
    '--mantine-color-placeholder': t.colors.gray[7],
    // Mantine's red 6 reads at 3.3:1 on white; field errors need 4.5:1.
    '--mantine-color-error': t.colors.red[9],
  },
  dark: {},
});
