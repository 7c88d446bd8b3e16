import { computed } from 'vue';
import { createDiscreteApi } from 'naive-ui';
import { errorMessage } from '../api/errors';
import { naiveTheme, themeOverrides } from './index';

/**
 * Toasts and dialogs usable from stores as well as components, themed like the
 * rest of the app. Created once, lazily, so tests that never toast never mount it.
 */
let discrete: ReturnType<typeof create> | null = null;

function create() {
  return createDiscreteApi(['message', 'notification', 'dialog'], {
    configProviderProps: computed(() => ({
      theme: naiveTheme.value,
      themeOverrides: themeOverrides.value,
    })),
    messageProviderProps: { max: 4, keepAliveOnHover: true },
  });
}

function api() {
  discrete ??= create();
  return discrete;
}

/** Every failed call ends up here: the operator always sees main's message, never a blank. */
export function showError(err: unknown, context?: string): void {
  const text = errorMessage(err);
  api().message.error(context ? `${context}: ${text}` : text, { duration: 8000, closable: true });
}

export function showSuccess(text: string): void {
  api().message.success(text, { duration: 5000 });
}

export function showInfo(text: string): void {
  api().message.info(text, { duration: 4000 });
}

/** A yes/no question before something that loses work; resolves true for the positive answer. */
export function confirmAction(options: {
  title: string;
  content: string;
  positiveText: string;
  negativeText?: string;
}): Promise<boolean> {
  return new Promise((resolve) => {
    api().dialog.warning({
      title: options.title,
      content: options.content,
      positiveText: options.positiveText,
      negativeText: options.negativeText ?? 'Keep it',
      positiveButtonProps: { 'data-testid': 'confirm-action-yes' } as never,
      negativeButtonProps: { 'data-testid': 'confirm-action-no' } as never,
      onPositiveClick: () => resolve(true),
      onNegativeClick: () => resolve(false),
      onClose: () => resolve(false),
      onMaskClick: () => resolve(false),
    });
  });
}
