import type { InputHTMLAttributes } from 'vue';
import type { SelectGroupOption, SelectOption } from 'naive-ui';

/**
 * Naive UI puts `data-testid` on a wrapper; tests want the native `<input>`,
 * so text inputs get theirs through `input-props`.
 */
export function inputTestId(
  testid: string,
  extra: Record<string, unknown> = {},
): InputHTMLAttributes {
  return { 'data-testid': testid, ...extra } as InputHTMLAttributes;
}

/**
 * Options of a select, findable as `<select testid>-option-<value>` and by role
 * and name (`getByRole('option', { name })`), like the explorer's method select.
 */
export function optionTestIds(
  selectTestId: string,
): (option: SelectOption | SelectGroupOption) => Record<string, string> {
  return (option) => {
    const value = 'value' in option ? String(option.value) : '';
    return { 'data-testid': `${selectTestId}-option-${value}`, role: 'option' };
  };
}
