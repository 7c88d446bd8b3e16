import type { GlobalThemeOverrides } from 'naive-ui';

/**
 * Inter and JetBrains Mono are bundled with the app (`@fontsource`, imported in main.ts), so
 * every machine renders the same with no network; system fonts are the fallback.
 */
export const SANS_STACK =
  "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', Arial, sans-serif";
export const MONO_STACK =
  "'JetBrains Mono', ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace";

const shared: GlobalThemeOverrides['common'] = {
  fontFamily: SANS_STACK,
  fontFamilyMono: MONO_STACK,
  fontSize: '13px',
  fontSizeMedium: '13px',
  fontSizeSmall: '12px',
  borderRadius: '4px',
  borderRadiusSmall: '3px',
  heightMedium: '30px',
  heightSmall: '26px',
};

export const lightOverrides: GlobalThemeOverrides = {
  common: {
    ...shared,
    primaryColor: '#6d28d9',
    primaryColorHover: '#7c3aed',
    primaryColorPressed: '#5b21b6',
    primaryColorSuppl: '#7c3aed',
    bodyColor: '#f6f7f9',
  },
  Layout: { siderColor: '#ffffff', headerColor: '#ffffff' },
  Tabs: { tabFontSizeMedium: '13px', tabPaddingSmallLine: '6px 0' },
};

export const darkOverrides: GlobalThemeOverrides = {
  common: {
    ...shared,
    // Darker than the usual dark-theme pastel so white button text stays readable.
    primaryColor: '#8b5cf6',
    primaryColorHover: '#a78bfa',
    primaryColorPressed: '#7c3aed',
    primaryColorSuppl: '#a78bfa',
    bodyColor: '#15161a',
  },
  Layout: { siderColor: '#1b1c21', headerColor: '#1b1c21' },
  Tabs: { tabFontSizeMedium: '13px', tabPaddingSmallLine: '6px 0' },
};

/** Method colours, as API clients use them: reads green, writes amber/blue, deletes red. */
export const METHOD_COLORS: Record<string, { light: string; dark: string }> = {
  GET: { light: '#15803d', dark: '#4ade80' },
  POST: { light: '#b45309', dark: '#fbbf24' },
  PUT: { light: '#1d4ed8', dark: '#60a5fa' },
  PATCH: { light: '#7e22ce', dark: '#c084fc' },
  DELETE: { light: '#b91c1c', dark: '#f87171' },
  HEAD: { light: '#0f766e', dark: '#2dd4bf' },
  OPTIONS: { light: '#4b5563', dark: '#9ca3af' },
};
