import { describe, expect, it } from 'vitest';
import { describeJsonError, encodeBody } from '../../main/core/http/body';
import { validateHeaders } from '../../main/core/http/headers';
import { AppError } from '../../main/core/errors';

describe('encodeBody', () => {
  it('sends valid JSON as is with its content type', () => {
    expect(encodeBody({ kind: 'json', text: '{"filter":{"ids":["1"]}}' })).toEqual({
      payload: '{"filter":{"ids":["1"]}}',
      contentType: 'application/json',
    });
  });

  it('treats a blank JSON body as no body', () => {
    expect(encodeBody({ kind: 'json', text: '  \n' }).payload).toBeUndefined();
  });

  it('refuses invalid JSON with line and column', () => {
    let err: unknown;
    try {
      encodeBody({ kind: 'json', text: '{\n  "a": 1,\n  oops\n}' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_body');
    expect((err as AppError).message).toMatch(/line 3 column 3/);
    expect((err as AppError).message).toMatch(/Nothing was sent/);
  });

  it('url-encodes enabled form fields only', () => {
    expect(
      encodeBody({
        kind: 'form',
        fields: [
          { name: 'a', value: '1 2', enabled: true },
          { name: 'b', value: 'x', enabled: false },
        ],
      }),
    ).toEqual({ payload: 'a=1+2', contentType: 'application/x-www-form-urlencoded' });
  });

  it('describes a parse error position as line/column', () => {
    const text = '[1,\n2,,]';
    try {
      JSON.parse(text);
    } catch (e) {
      expect(describeJsonError(text, e)).toMatch(/line 2 column/);
    }
  });
});

describe('validateHeaders', () => {
  it('keeps enabled rows in order and skips blank ones', () => {
    expect(
      validateHeaders([
        { name: 'X-A', value: '1', enabled: true },
        { name: '', value: '', enabled: true },
        { name: 'X-B', value: '2', enabled: false },
        { name: 'Accept', value: 'application/json', enabled: true },
      ]),
    ).toEqual([
      ['X-A', '1'],
      ['Accept', 'application/json'],
    ]);
  });

  it.each([
    [{ name: 'Bad Header', value: 'x', enabled: true }, /not a valid header name/],
    [{ name: 'X-Ok', value: 'a\r\nInjected: 1', enabled: true }, /line break/],
    [{ name: 'Content-Length', value: '5', enabled: true }, /set by the console/],
    [{ name: 'Host', value: 'evil', enabled: true }, /set by the console/],
  ])('refuses %j', (row, message) => {
    expect(() => validateHeaders([row])).toThrow(message);
  });
});
