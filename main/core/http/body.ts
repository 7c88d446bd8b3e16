import type { RequestBody } from '../../../preload/contract';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { AppError } from '../errors';

export interface EncodedBody {
  payload: string | undefined;
  contentType: string | undefined;
}

const JSON_PROBLEMS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected a closing }',
  CloseBracketExpected: 'expected a closing ]',
  EndOfFileExpected: 'unexpected text after the end of the JSON',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/**
 * Where and why a JSON text fails to parse, as "… at line L column C".
 * V8's own messages omit the position for short inputs, so the strict
 * jsonc-parser scanner (comments and trailing commas off) locates it.
 */
export function describeJsonError(text: string, err: unknown): string {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return err instanceof Error ? err.message : String(err);
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  const code = printParseErrorCode(first.error);
  return `${JSON_PROBLEMS[code] ?? code} at line ${line} column ${column}`;
}

export function encodeBody(body: RequestBody): EncodedBody {
  switch (body.kind) {
    case 'none':
      return { payload: undefined, contentType: undefined };
    case 'json': {
      if (body.text.trim() === '') return { payload: undefined, contentType: undefined };
      try {
        JSON.parse(body.text);
      } catch (err) {
        throw new AppError(
          'invalid_body',
          `The body is not valid JSON: ${describeJsonError(body.text, err)}. Nothing was sent.`,
        );
      }
      return { payload: body.text, contentType: 'application/json' };
    }
    case 'text':
      return { payload: body.text, contentType: body.contentType ?? 'text/plain; charset=utf-8' };
    case 'form': {
      const form = new URLSearchParams();
      for (const f of body.fields) if (f.enabled && f.name !== '') form.append(f.name, f.value);
      return { payload: form.toString(), contentType: 'application/x-www-form-urlencoded' };
    }
  }
}
