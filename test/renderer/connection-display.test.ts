import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Diagnosis } from '../../preload/contract';
import EnvironmentBanner from '../../renderer/src/components/EnvironmentBanner.vue';
import ResponsePanel from '../../renderer/src/components/ResponsePanel.vue';
import TestResultCard from '../../renderer/src/components/connections/TestResultCard.vue';
import { okResponse, summary } from './fake-api';

describe('EnvironmentBanner', () => {
  it.each([
    ['production', 'PRODUCTION — changes here affect live systems'],
    ['staging', 'STAGING'],
    ['sandbox', 'SANDBOX'],
    ['demo', 'DEMO'],
  ] as const)('shows %s', (environment, text) => {
    const wrapper = mount(EnvironmentBanner, { props: { connection: summary({ environment }) } });
    const banner = wrapper.get('[data-testid="environment-banner"]');
    expect(banner.attributes('data-environment')).toBe(environment);
    expect(banner.text().replace(/\s+/g, ' ')).toContain(text);
    expect(banner.classes()).toContain(environment);
  });

  it('marks read-only connections', () => {
    const wrapper = mount(EnvironmentBanner, {
      props: { connection: summary({ readOnly: true }) },
    });
    expect(wrapper.get('[data-testid="read-only-marker"]').text()).toBe('READ-ONLY');
  });
});

describe('TestResultCard', () => {
  const base: Diagnosis = {
    ok: true,
    code: 'ok',
    title: 'Connected to Acme',
    message: 'The API token works and can read threats.',
    status: 200,
    latencyMs: 183,
  };

  it('shows title, message, status and latency with the diagnosis code', () => {
    const wrapper = mount(TestResultCard, { props: { diagnosis: base } });
    const card = wrapper.get('[data-testid="test-result"]');
    expect(card.attributes('data-diagnosis-code')).toBe('ok');
    expect(card.text()).toContain('Connected to Acme');
    expect(card.text()).toContain('HTTP 200');
    expect(card.text()).toContain('183 ms');
  });

  it('warns when the SentinelOne token expires within 14 days', () => {
    const soon = mount(TestResultCard, {
      props: {
        diagnosis: {
          ...base,
          tokenExpiry: { expiresAt: '2030-01-10', daysLeft: 9, warning: false },
        },
      },
    });
    const expiry = soon.get('[data-testid="token-expiry"]');
    expect(expiry.text()).toBe('API token expires in 9 days');
    expect(expiry.attributes('data-warning')).toBe('true');
    const later = mount(TestResultCard, {
      props: {
        diagnosis: {
          ...base,
          tokenExpiry: { expiresAt: '2030-06-01', daysLeft: 120, warning: false },
        },
      },
    });
    expect(later.get('[data-testid="token-expiry"]').attributes('data-warning')).toBe('false');
  });
});

describe('ResponsePanel credentials note', () => {
  beforeEach(() => setActivePinia(createPinia()));
  it('says when credentials were not attached and lists hops that dropped them', () => {
    const wrapper = mount(ResponsePanel, {
      props: {
        response: okResponse({
          credentialsAttached: false,
          redirects: [
            {
              status: 302,
              from: 'https://a.example/x',
              to: 'https://a.example/y',
              credentialsDropped: false,
            },
            {
              status: 307,
              from: 'https://a.example/y',
              to: 'https://cdn.example/z',
              credentialsDropped: true,
            },
          ],
        }),
        error: null,
        inFlight: false,
        expectCredentials: true,
      },
    });
    expect(wrapper.get('[data-testid="credentials-not-sent"]').text()).toBe(
      "Sent without credentials: the URL is not on this connection's origin.",
    );
    const hops = wrapper.findAll('[data-testid="redirect-credentials-dropped"]');
    expect(hops).toHaveLength(1);
    expect(hops[0]!.text()).toContain('https://cdn.example/z');
  });

  it('says nothing for a connection without credentials', () => {
    const wrapper = mount(ResponsePanel, {
      props: {
        response: okResponse({ credentialsAttached: false }),
        error: null,
        inFlight: false,
        expectCredentials: false,
      },
    });
    expect(wrapper.find('[data-testid="credentials-not-sent"]').exists()).toBe(false);
  });
});
