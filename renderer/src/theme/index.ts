import { computed, ref } from 'vue';
import { darkTheme, type GlobalTheme, type GlobalThemeOverrides } from 'naive-ui';
import { darkOverrides, lightOverrides, METHOD_COLORS } from './overrides';

export { MONO_STACK, SANS_STACK } from './overrides';

const query =
  typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-color-scheme: dark)')
    : null;

/** Follows the OS preference live, so a theme switch at dusk needs no reload. */
export const prefersDark = ref(query?.matches ?? false);
query?.addEventListener('change', (e) => {
  prefersDark.value = e.matches;
});

export const naiveTheme = computed<GlobalTheme | null>(() =>
  prefersDark.value ? darkTheme : null,
);
export const themeOverrides = computed<GlobalThemeOverrides>(() =>
  prefersDark.value ? darkOverrides : lightOverrides,
);

export function methodColor(method: string): string {
  const entry = METHOD_COLORS[method];
  if (!entry) return 'inherit';
  return prefersDark.value ? entry.dark : entry.light;
}
