import { JSONPath } from 'jsonpath-plus';

export interface JsonPathResult {
  count: number;
  text: string;
}

/**
 * JSONPath on a body already parsed in the renderer (small bodies; large ones ask main).
 * Filter expressions run in jsonpath-plus's own interpreter ("safe"), never as code.
 */
export function runJsonPath(json: unknown, path: string): JsonPathResult {
  if (json === null || typeof json !== 'object') {
    throw new Error('JSONPath needs an object or an array at the top of the body.');
  }
  let results: unknown[];
  try {
    results = JSONPath({ path, json: json as object, wrap: true, eval: 'safe' }) as unknown[];
  } catch (err) {
    throw new Error(
      `The JSONPath expression does not work: ${(err as Error).message}. Example: $.data[*].id`,
      { cause: err },
    );
  }
  const list = results ?? [];
  return { count: list.length, text: JSON.stringify(list, null, 2) };
}
