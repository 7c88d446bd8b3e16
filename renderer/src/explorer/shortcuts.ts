import { onBeforeUnmount, onMounted } from 'vue';

/** What a shortcut does; the explorer view supplies the handlers. */
export type ShortcutAction =
  | 'send'
  | 'cancel'
  | 'save'
  | 'new-tab'
  | 'close-tab'
  | 'next-tab'
  | 'previous-tab'
  | 'focus-path'
  | 'find-response'
  | 'help';

export interface Shortcut {
  action: ShortcutAction;
  /** As shown in the help overlay; "Mod" is Ctrl, or ⌘ on macOS. */
  keys: string;
  label: string;
  matches(event: KeyboardEvent): boolean;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;

/**
 * One table for the handler and the help overlay. Tab shortcuts use Mod+Alt
 * because browsers keep Ctrl+T/Ctrl+W for themselves (the browser host could
 * not take them); search (Mod+K) is the reference palette's own.
 */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    action: 'send',
    keys: 'Mod+Enter',
    label: 'Send the request',
    matches: (e) => e.key === 'Enter' && mod(e) && !e.isComposing,
  },
  {
    action: 'cancel',
    keys: 'Esc',
    label: 'Cancel the request in flight',
    matches: (e) => e.key === 'Escape',
  },
  {
    action: 'save',
    keys: 'Mod+S',
    label: 'Save the request to a collection',
    matches: (e) => mod(e) && !e.altKey && e.key.toLowerCase() === 's',
  },
  {
    action: 'new-tab',
    keys: 'Mod+Alt+N',
    label: 'New tab',
    matches: (e) => mod(e) && e.altKey && e.code === 'KeyN',
  },
  {
    action: 'close-tab',
    keys: 'Mod+Alt+W',
    label: 'Close the tab',
    matches: (e) => mod(e) && e.altKey && e.code === 'KeyW',
  },
  {
    action: 'next-tab',
    keys: 'Mod+Alt+]',
    label: 'Next tab',
    matches: (e) => mod(e) && e.altKey && e.code === 'BracketRight',
  },
  {
    action: 'previous-tab',
    keys: 'Mod+Alt+[',
    label: 'Previous tab',
    matches: (e) => mod(e) && e.altKey && e.code === 'BracketLeft',
  },
  {
    action: 'focus-path',
    keys: 'Mod+Alt+L',
    label: 'Focus the path field',
    matches: (e) => mod(e) && e.altKey && e.code === 'KeyL',
  },
  {
    action: 'find-response',
    keys: 'Mod+Shift+F',
    label: 'Find in the response body (Mod+F inside it)',
    matches: (e) => mod(e) && e.shiftKey && !e.altKey && e.code === 'KeyF',
  },
  {
    action: 'help',
    keys: 'Mod+/',
    label: 'Show these shortcuts',
    matches: (e) => mod(e) && (e.key === '/' || e.code === 'Slash'),
  },
];

/** Shown in the help overlay next to the explorer's own. */
export const GLOBAL_SHORTCUTS: readonly { keys: string; label: string }[] = [
  { keys: 'Mod+K', label: 'Search pages, endpoints and samples' },
];

export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
}

/** `Mod+Alt+N` → `Ctrl+Alt+N`, or `⌘⌥N` on macOS. */
export function displayKeys(keys: string, mac = isMac()): string {
  if (!mac) return keys.replace('Mod', 'Ctrl');
  return keys.replace('Mod+', '⌘').replace('Alt+', '⌥').replace('Enter', '↩');
}

export type ShortcutHandlers = Partial<Record<ShortcutAction, () => void>> & {
  /** Escape is left to menus and dialogs unless a request is in flight. */
  canCancel(): boolean;
};

/** Listens on the window while the view is mounted; Monaco raises its own Mod+Enter. */
export function useShortcuts(handlers: ShortcutHandlers): void {
  function onKeydown(event: KeyboardEvent): void {
    const shortcut = SHORTCUTS.find((s) => s.matches(event));
    if (!shortcut) return;
    if (shortcut.action === 'cancel' && !handlers.canCancel()) return;
    const run = handlers[shortcut.action];
    if (!run) return;
    event.preventDefault();
    run();
  }
  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
}
