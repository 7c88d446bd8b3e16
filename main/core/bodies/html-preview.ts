import sanitizeHtml from 'sanitize-html';

/**
 * The Preview tab's HTML, cut down to text, structure, links and inline images. Nothing that
 * runs or fetches survives: no script, style, frame, object, form or SVG, no `on*` or `style`
 * attributes, no `id`/`name` (they could clobber the console's own DOM), links only to
 * http(s)/mailto and images only from `data:` URLs. The renderer also refuses to follow links.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'a',
    'abbr',
    'b',
    'blockquote',
    'br',
    'caption',
    'code',
    'dd',
    'del',
    'details',
    'div',
    'dl',
    'dt',
    'em',
    'figcaption',
    'figure',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'i',
    'img',
    'ins',
    'kbd',
    'li',
    'mark',
    'ol',
    'p',
    'pre',
    'q',
    's',
    'samp',
    'small',
    'span',
    'strong',
    'sub',
    'summary',
    'sup',
    'table',
    'tbody',
    'td',
    'tfoot',
    'th',
    'thead',
    'tr',
    'u',
    'ul',
  ],
  disallowedTagsMode: 'discard',
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    abbr: ['title'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  // Images must carry their bytes inline: a remote src would be a request the operator never made.
  exclusiveFilter: (frame) =>
    frame.tag === 'img' && !/^data:image\//i.test(frame.attribs.src ?? ''),
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow' },
    }),
  },
  allowedClasses: {},
};

export function sanitizePreviewHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
