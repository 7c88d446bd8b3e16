import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CodegenResult,
  CodegenTarget,
  HttpResponse,
  RequestSpec,
} from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';
import { DEMO_S1_CONNECTION_ID } from '../../main/demo/demo-manager';
import { createTestCore } from '../helpers/app-harness';

// Async on purpose: the demo tenant answers from this very process, so a blocking spawn would deadlock.
const run = promisify(execFile);
const TRACE_SECRET = 'trace-secret-0042-xyz';
const env = { ...process.env, S1_API_TOKEN: DEMO_S1_TOKENS.admin, TRACEID: TRACE_SECRET };

let core: AppCore;
const ctx = { emit: () => undefined };
let n = 0;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const result = await core.dispatch(channel, input, ctx);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const generate = (spec: RequestSpec, target: CodegenTarget) =>
  call<CodegenResult>('codegen:generate', { spec, target });

/** Status and JSON body from the console's own send, on a freshly seeded tenant. */
async function consoleSend(spec: RequestSpec): Promise<{ status: number; body: unknown }> {
  core.demo.sentinelOne!.reset();
  const res = await call<HttpResponse>('http:send', { requestId: `cg-${++n}`, ...spec });
  if (res.body.kind !== 'text') throw new Error('expected a text body');
  return { status: res.status, body: res.body.json };
}

/** Splits `<body>\n<status>` as both runners print it. */
function parse(stdout: string): { status: number; body: unknown } {
  const out = stdout.replace(/\n+$/, '');
  const cut = out.lastIndexOf('\n');
  return { status: Number(out.slice(cut + 1)), body: JSON.parse(out.slice(0, cut)) };
}

async function runCurl(code: string) {
  core.demo.sentinelOne!.reset();
  const { stdout } = await run(
    'bash',
    ['-c', `${code} --silent --show-error --write-out '\\n%{http_code}'`],
    { env, encoding: 'utf8' },
  );
  return parse(stdout);
}

async function runPython(code: string) {
  core.demo.sentinelOne!.reset();
  const { stdout } = await run('python3', ['-c', `${code}\nprint(response.status_code)`], {
    env,
    encoding: 'utf8',
  });
  return parse(stdout);
}

let specs: Record<string, RequestSpec>;

beforeAll(async () => {
  try {
    await run('python3', ['-c', 'import requests']);
  } catch (err) {
    throw new Error(
      'python3 cannot import requests, which the generated Python needs: install it ' +
        '(Debian: apt install python3-requests; elsewhere: pip install requests). ' +
        String((err as { stderr?: string }).stderr ?? err),
      { cause: err },
    );
  }
  core = createTestCore().core;
  await call('demo:start', { tenant: 'sentinelone' });
  await call('variables:set', { scope: 'global', name: 'agentLimit', value: '2' });
  await call('variables:set', {
    scope: { connectionId: DEMO_S1_CONNECTION_ID },
    name: 'traceId',
    value: TRACE_SECRET,
    secret: true,
  });
  const list = await call<HttpResponse>('http:send', {
    requestId: 'ids',
    connectionId: DEMO_S1_CONNECTION_ID,
    method: 'GET',
    path: 'threats?limit=2&incidentStatuses=unresolved',
  });
  const ids = (list.body as { json: { data: Array<{ id: string }> } }).json.data.map((t) => t.id);
  specs = {
    'GET threats with a query': {
      connectionId: DEMO_S1_CONNECTION_ID,
      method: 'GET',
      path: 'threats',
      query: [
        { name: 'limit', value: '3', enabled: true },
        { name: 'incidentStatuses', value: 'unresolved,in_progress', enabled: true },
        { name: 'sortBy', value: 'createdAt', enabled: true },
      ],
    },
    'POST threats/incident with a JSON body': {
      connectionId: DEMO_S1_CONNECTION_ID,
      method: 'POST',
      path: 'threats/incident',
      body: {
        kind: 'json',
        text: JSON.stringify({ filter: { ids }, data: { incidentStatus: 'in_progress' } }),
      },
    },
    'GET agents with variables': {
      connectionId: DEMO_S1_CONNECTION_ID,
      method: 'GET',
      path: 'agents',
      query: [{ name: 'limit', value: '{{agentLimit}}', enabled: true }],
      headers: [{ name: 'X-Trace', value: 'trace {{traceId}}', enabled: true }],
    },
  };
});

afterAll(async () => {
  await core?.dispose();
});

describe('generated code run for real against the demo tenant', () => {
  for (const name of [
    'GET threats with a query',
    'POST threats/incident with a JSON body',
    'GET agents with variables',
  ]) {
    it(`${name}: cURL and Python get the console's status and body`, async () => {
      const spec = specs[name]!;
      const expected = await consoleSend(spec);
      expect(expected.status).toBe(200);

      const curl = await generate(spec, 'curl');
      expect(curl.code).toContain('"Authorization: ApiToken $S1_API_TOKEN"');
      expect(curl.code).not.toContain(DEMO_S1_TOKENS.admin);
      expect(curl.code).not.toContain(TRACE_SECRET);
      expect(await runCurl(curl.code)).toEqual(expected);

      const python = await generate(spec, 'python-requests');
      expect(python.code).toContain('os.environ["S1_API_TOKEN"]');
      expect(python.code).not.toContain(DEMO_S1_TOKENS.admin);
      expect(await runPython(python.code)).toEqual(expected);
    });
  }

  it('the secret variable becomes $TRACEID, and the demo saw the resolved limit', async () => {
    const spec = specs['GET agents with variables']!;
    const curl = await generate(spec, 'curl');
    expect(curl.placeholders).toEqual(['S1_API_TOKEN', 'TRACEID']);
    expect(curl.code).toContain('"X-Trace: trace $TRACEID"');
    core.demo.sentinelOne!.clearLog();
    await runCurl(curl.code);
    expect(core.demo.sentinelOne!.requestLog()[0]!.query).toBe('limit=2');
  });

  it('http:curl is the cURL target, with variables', async () => {
    const spec = specs['GET agents with variables']!;
    const curl = await call<{ command: string; placeholders: string[] }>('http:curl', spec);
    expect(curl).toEqual({
      command: (await generate(spec, 'curl')).code,
      placeholders: ['S1_API_TOKEN', 'TRACEID'],
    });
  });

  it('PowerShell, Go and JavaScript read the same placeholders and hold no secret', async () => {
    const spec = specs['GET agents with variables']!;
    const reads: Partial<Record<CodegenTarget, string[]>> = {
      powershell: ['"ApiToken $env:S1_API_TOKEN"', '"trace $env:TRACEID"'],
      go: ['"ApiToken " + os.Getenv("S1_API_TOKEN")', '"trace " + os.Getenv("TRACEID")'],
      'javascript-fetch': [
        "'ApiToken ' + process.env.S1_API_TOKEN",
        "'trace ' + process.env.TRACEID",
      ],
      'node-fetch': ["'ApiToken ' + process.env.S1_API_TOKEN", "'trace ' + process.env.TRACEID"],
      'node-axios': ["'ApiToken ' + process.env.S1_API_TOKEN", "'trace ' + process.env.TRACEID"],
      'node-native': ["'ApiToken ' + process.env.S1_API_TOKEN", "'trace ' + process.env.TRACEID"],
    };
    for (const [target, expected] of Object.entries(reads)) {
      const out = await generate(spec, target as CodegenTarget);
      for (const read of expected) expect(out.code, target).toContain(read);
      expect(out.code).toContain('limit=2');
      expect(out.code).not.toContain(DEMO_S1_TOKENS.admin);
      expect(out.code).not.toContain(TRACE_SECRET);
    }
  });

  it('an undefined variable is refused, a credential is left out for another origin', async () => {
    const missing = await core.dispatch(
      'codegen:generate',
      { spec: { ...specs['GET agents with variables']!, path: 'agents/{{nope}}' }, target: 'go' },
      ctx,
    );
    expect(missing).toMatchObject({ ok: false, error: { code: 'undefined_variable' } });
    const elsewhere = await generate(
      { connectionId: DEMO_S1_CONNECTION_ID, method: 'GET', path: 'https://example.test/x' },
      'curl',
    );
    expect(elsewhere.placeholders).toEqual([]);
    expect(elsewhere.code).not.toContain('Authorization');
  });
});
