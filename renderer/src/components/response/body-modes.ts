import type { ResponseBody } from '../../../../preload/contract';

export type BodyMode = 'pretty' | 'raw' | 'preview' | 'hex';

export interface BodyModeOption {
  key: BodyMode;
  label: string;
}

const LABELS: Record<BodyMode, string> = {
  pretty: 'Pretty',
  raw: 'Raw',
  preview: 'Preview',
  hex: 'Hex',
};

/** Images a Chromium `<img>` shows; anything else binary gets Hex only. */
const PREVIEWABLE_IMAGE = /^image\/(png|jpeg|gif|webp|bmp|x-icon|vnd\.microsoft\.icon|avif)\b/i;

/**
 * The views that make sense for a body held in memory, the default first: JSON and text
 * open Pretty, HTML adds Preview, an image opens Preview, other bytes open Hex.
 */
export function bodyModes(
  body: Extract<ResponseBody, { kind: 'text' | 'binary' }>,
): BodyModeOption[] {
  let keys: BodyMode[];
  if (body.kind === 'binary') {
    keys = PREVIEWABLE_IMAGE.test(body.contentType) ? ['preview', 'hex', 'raw'] : ['hex', 'raw'];
  } else if (/html/i.test(body.contentType)) {
    keys = ['pretty', 'raw', 'preview', 'hex'];
  } else {
    keys = ['pretty', 'raw', 'hex'];
  }
  return keys.map((key) => ({ key, label: LABELS[key] }));
}
