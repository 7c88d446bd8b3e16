import { describe, expect, it } from 'vitest';
import {
  bodyErrorFor,
  buildBody,
  buildRequestSpec,
  buildSendInput,
  emptyDraft,
  newRequestId,
  newRow,
  toKeyValues,
  type RequestDraft,
} from '../../renderer/src/explorer/request-draft';
import { checkJson, lineColumn } from '../../renderer/src/explorer/json-check';

function draft(patch: Partial<RequestDraft> = {}): RequestDraft {
  return { ...emptyDraft(), ...patch };
}

describe('toKeyValues', () => {
  it('keeps enabled rows with a name and drops blank or disabled ones', () => {
    const off = { ...newRow('skip', '1'), enabled: false };
    const rows = [newRow('limit', '10'), off, newRow('', 'orphan'), newRow('  cursor ', 'abc')];
    expect(toKeyValues(rows)).toEqual([
      { name: 'limit', value: '10', enabled: true },
      { name: 'cursor', value: 'abc', enabled: true },
    ]);
  });
});

describe('buildBody', () => {
  it('sends nothing for an empty or blank body', () => {
    expect(buildBody('')).toEqual({ ok: true, value: { kind: 'none' } });
    expect(buildBody('  \n ')).toEqual({ ok: true, value: { kind: 'none' } });
  });

  it('sends valid JSON as typed', () => {
    const text = '{\n  "filter": {}\n}';
    expect(buildBody(text)).toEqual({ ok: true, value: { kind: 'json', text } });
  });

  it('refuses invalid JSON with the line and column of the fault', () => {
    const result = buildBody('{\n  "filter": {\n    "ids": [1,]\n  }\n}');
    expect(result).toEqual({
      ok: false,
      bodyError:
        "Body is not valid JSON: Unexpected token ']' after a trailing comma at line 3 column 15",
    });
  });
});

describe('JSON validation messages', () => {
  it.each([
    ['{"a": x}', "Unexpected token 'x', expected a value", 1, 7],
    ['{a: 1}', "Unexpected token 'a', expected a property name in double quotes", 1, 2],
    ['{"a" 1}', "Unexpected token '1', expected ':' after the property name", 1, 6],
    ['{"a": 1', "Unexpected end of input, expected ',' or '}'", 1, 8],
    ['[1 2]', "Unexpected token '2', expected ',' or ']'", 1, 4],
    ['{"a": 1}\n}', "Unexpected token '}'", 2, 1],
    ['"abc', 'Unterminated string', 1, 5],
    ['{"a": tru}', "Unexpected token '}'", 1, 10],
  ])('%j → %s at %i:%i', (text, reason, line, column) => {
    expect(checkJson(text)).toEqual({ ok: false, reason, line, column });
  });

  it('accepts what JSON.parse accepts', () => {
    expect(checkJson('{"a":[1,-2.5e3,true,null,"\\u00e9\\n"]}')).toEqual({ ok: true });
  });

  it('reports no error for an empty body (it is simply not sent)', () => {
    expect(bodyErrorFor('')).toBeNull();
  });

  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('buildSendInput', () => {
  it('builds the contract input from the draft, enabled rows only', () => {
    const d = draft({
      method: 'POST',
      path: '  threats/mitigate/quarantine?x=1 ',
      params: [newRow('limit', '5'), { ...newRow('skip', '1'), enabled: false }, newRow()],
      headers: [newRow('Accept', 'application/json'), newRow()],
      bodyText: '{"filter":{}}',
    });
    const built = buildSendInput(d, 'demo-sentinelone', 'req-1');
    expect(built).toEqual({
      ok: true,
      value: {
        connectionId: 'demo-sentinelone',
        requestId: 'req-1',
        method: 'POST',
        path: 'threats/mitigate/quarantine?x=1',
        query: [{ name: 'limit', value: '5', enabled: true }],
        headers: [{ name: 'Accept', value: 'application/json', enabled: true }],
        body: { kind: 'json', text: '{"filter":{}}' },
      },
    });
  });

  it('GET with an empty body sends body kind none', () => {
    const built = buildRequestSpec(draft({ path: 'threats?limit=10' }), 'c1');
    expect(built.ok && built.value.body).toEqual({ kind: 'none' });
  });

  it('does not build anything for an invalid body', () => {
    const built = buildSendInput(draft({ method: 'POST', bodyText: '{' }), 'c1', 'r1');
    expect(built.ok).toBe(false);
  });

  it('makes request ids main accepts', () => {
    expect(newRequestId()).toMatch(/^[A-Za-z0-9_-]{1,100}$/);
  });
});
