import { describe, expect, it } from 'vitest';
import { CODEGEN_TARGETS, type CodegenTarget } from '../../preload/contract';
import { CodeMarkers, generateCode } from '../../main/core/codegen/generate';
import type { EngineRequest } from '../../main/core/http/engine';

const credential = {
  name: 'Authorization',
  value: 'ApiToken $S1_API_TOKEN',
  variable: 'S1_API_TOKEN',
};

function request(markers: CodeMarkers): EngineRequest {
  return {
    requestId: 't',
    method: 'POST',
    url: new URL(`http://127.0.0.1:8088/web/api/v2.1/threats/it's?limit=5&q=a%26b#frag`),
    headers: [['X-Token2', `Bearer ${markers.env('TOKEN2')}`]],
    body: JSON.stringify({
      filter: { ids: ['1'] },
      data: { note: `it's $x ${markers.env('TOKEN2')}` },
    }),
    contentType: 'application/json',
    timeoutMs: 1000,
    followRedirects: true,
  };
}

/** How each target reads the two environment variables. */
const EXPECTED: Record<CodegenTarget, [string, string]> = {
  curl: ['$S1_API_TOKEN', '$TOKEN2'],
  'python-requests': ['os.environ["S1_API_TOKEN"]', 'os.environ["TOKEN2"]'],
  powershell: ['$env:S1_API_TOKEN', '$env:TOKEN2'],
  go: ['os.Getenv("S1_API_TOKEN")', 'os.Getenv("TOKEN2")'],
  'javascript-fetch': ['process.env.S1_API_TOKEN', 'process.env.TOKEN2'],
  'node-fetch': ['process.env.S1_API_TOKEN', 'process.env.TOKEN2'],
  'node-axios': ['process.env.S1_API_TOKEN', 'process.env.TOKEN2'],
  'node-native': ['process.env.S1_API_TOKEN', 'process.env.TOKEN2'],
};

describe('generated code per target', () => {
  for (const { id, language } of CODEGEN_TARGETS) {
    it(`${id}: credentials and secret variables are environment reads, no marker left`, async () => {
      const markers = new CodeMarkers();
      const out = await generateCode(request(markers), id, { credential, markers });
      expect(out.language).toBe(language);
      expect(out.placeholders.sort()).toEqual(['S1_API_TOKEN', 'TOKEN2']);
      for (const read of EXPECTED[id]) expect(out.code).toContain(read);
      expect(out.code).not.toMatch(/zzsoc/i);
      expect(out.code).not.toContain('#frag');
      expect(out.code).not.toContain("threats/it's");
      expect(out.code).toContain('threats/it%27s');
      expect(out.code).toContain('q=a%26b');
    });
  }

  it('curl: byte-exact body with --data-raw, quoting that keeps $x literal', async () => {
    const markers = new CodeMarkers();
    const { code } = await generateCode(request(markers), 'curl', { credential, markers });
    expect(code).toContain('--header "Authorization: ApiToken $S1_API_TOKEN"');
    expect(code).toContain('--header "X-Token2: Bearer $TOKEN2"');
    expect(code).toContain(
      `--data-raw '{"filter":{"ids":["1"]},"data":{"note":"it'\\''s $x '"$TOKEN2"'"}}'`,
    );
  });

  it('python imports os, go imports "os", PowerShell passes Content-Type once', async () => {
    const gen = async (t: CodegenTarget) => {
      const markers = new CodeMarkers();
      return (await generateCode(request(markers), t, { credential, markers })).code;
    };
    expect(await gen('python-requests')).toMatch(/^import os\nimport requests/);
    expect(await gen('go')).toContain('import (\n\t"os"\n');
    const ps = await gen('powershell');
    expect(ps).toContain("-ContentType 'application/json'");
    expect(ps).not.toContain('$headers.Add("Content-Type"');
    expect(ps).toContain('"Bearer $env:TOKEN2"');
  });

  it('without a credential or secret there are no placeholders and no os import', async () => {
    const req: EngineRequest = {
      requestId: 't',
      method: 'GET',
      url: new URL('http://example.test/x?a=1'),
      headers: [],
      timeoutMs: 1000,
      followRedirects: true,
    };
    const py = await generateCode(req, 'python-requests');
    expect(py.placeholders).toEqual([]);
    expect(py.code).not.toContain('import os');
  });

  it('refuses a secret in a header name', async () => {
    const markers = new CodeMarkers();
    const req = {
      ...request(markers),
      headers: [[markers.env('X'), 'v']] as Array<[string, string]>,
    };
    await expect(generateCode(req, 'curl', { markers })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});
