import { describe, expect, it } from 'vitest';
import { sanitizePreviewHtml } from '../../main/core/bodies/html-preview';

describe('sanitizePreviewHtml', () => {
  it('keeps text, structure and tables', () => {
    const html =
      '<h1>Maintenance</h1><p>Back at <b>10:00</b></p><table><tr><td colspan="2">x</td></tr></table>';
    const out = sanitizePreviewHtml(html);
    expect(out).toContain('<h1>Maintenance</h1>');
    expect(out).toContain('<b>10:00</b>');
    expect(out).toContain('<td colspan="2">x</td>');
  });

  it('drops everything that runs, styles or fetches', () => {
    const out = sanitizePreviewHtml(
      [
        '<script>alert(1)</script>',
        '<style>body{display:none}</style>',
        '<iframe src="https://evil.test"></iframe>',
        '<form action="https://evil.test"><input name="q"></form>',
        '<svg onload="alert(1)"><circle/></svg>',
        '<p onclick="alert(1)" style="color:red" id="app">hi</p>',
        '<img src="https://tracker.test/pixel.gif">',
        '<a href="javascript:alert(1)">js</a>',
        '<link rel="stylesheet" href="https://cdn.test/x.css">',
      ].join(''),
    );
    expect(out).not.toMatch(
      /script|style|iframe|form|input|svg|onload|onclick|tracker|javascript|link/i,
    );
    expect(out).toContain('<p>hi</p>');
    expect(out).toContain('js');
  });

  it('keeps inline images and marks links so they are never followed with a referrer', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const out = sanitizePreviewHtml(
      `<img src="${png}" alt="logo"><a href="https://s1.test/docs">docs</a>`,
    );
    expect(out).toContain(`<img src="${png}" alt="logo" />`);
    expect(out).toMatch(
      /<a href="https:\/\/s1.test\/docs" rel="noopener noreferrer nofollow">docs<\/a>/,
    );
  });
});
