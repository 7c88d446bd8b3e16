import { describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import PrettyView from '../../renderer/src/components/response/PrettyView.vue';

// Monaco does not run in happy-dom: what is checked is the stand-in shown until it is ready.
vi.mock('../../renderer/src/monaco/load-monaco', () => ({
  loadMonacoSetup: () => Promise.reject(new Error('no Monaco in unit tests')),
}));
vi.spyOn(console, 'warn').mockImplementation(() => undefined);

function jsonLines(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => `  {"id": "${i}", "name": "row-${i}"}`);
  return `[\n${rows.join(',\n')}\n]`;
}

describe('PrettyView stand-in', () => {
  it('shows a small body whole, with no note and no hidden text area', () => {
    const text = jsonLines(20);
    const wrapper = mount(PrettyView, { props: { text, language: 'json' } });
    expect(wrapper.get('[data-testid="response-body"]').attributes('data-editor')).toBe('plain');
    expect(wrapper.get('.json-view').text()).toBe(text);
    expect(wrapper.find('[data-testid="response-body-partial"]').exists()).toBe(false);
    // The editor's own text area would hold (and lay out) the whole body a second time.
    expect(wrapper.find('textarea').exists()).toBe(false);
  });

  it('shows only the first 64 KB of a large body, cut at a line end, and says where the rest is', () => {
    const text = jsonLines(20_000);
    expect(text.length).toBeGreaterThan(600_000);
    const wrapper = mount(PrettyView, { props: { text, language: 'json' } });
    const shown = wrapper.get('.json-view').text();
    expect(shown.length).toBeLessThanOrEqual(64 * 1024);
    expect(shown.length).toBeGreaterThan(60 * 1024);
    expect(text.startsWith(shown)).toBe(true);
    expect(text[shown.length]).toBe('\n');
    const note = wrapper.get('[data-testid="response-body-partial"]').text();
    expect(note).toContain(`of ${Math.round(text.length / 1024)} KB`);
    expect(note).toContain('Raw has the whole body');
    expect(wrapper.find('textarea').exists()).toBe(false);
  });
});
