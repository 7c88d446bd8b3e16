import type { Monaco } from './monaco-setup';

type MonacoSetup = typeof import('./monaco-setup');

let loading: Promise<MonacoSetup> | null = null;

/** Loads the Monaco chunk once; a failed load may be retried by the next editor. */
export function loadMonacoSetup(): Promise<MonacoSetup> {
  loading ??= import('./monaco-setup').catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

export async function loadMonaco(): Promise<Monaco> {
  return (await loadMonacoSetup()).monaco;
}
