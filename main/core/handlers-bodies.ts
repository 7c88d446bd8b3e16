import type { AppCoreOptions } from './app-core';
import type { BodyService } from './bodies/body-service';
import { sanitizePreviewHtml } from './bodies/html-preview';
import type { Handlers } from './dispatch';
import { AppError } from './errors';

type BodyChannels =
  | 'bodies:info'
  | 'bodies:index'
  | 'bodies:read'
  | 'bodies:lines'
  | 'bodies:pretty-lines'
  | 'bodies:search'
  | 'bodies:jsonpath'
  | 'bodies:save'
  | 'bodies:sanitize-html'
  | 'bodies:open-external'
  | 'bodies:release';

/**
 * Spooled response bodies (main/core/bodies): the viewer pages through a large body by
 * byte window or line number, searches it and saves it, and never receives it whole.
 */
export function bodiesHandlers(d: {
  bodies: BodyService;
  options: Pick<AppCoreOptions, 'pickSavePath'>;
}): Pick<Handlers, BodyChannels> {
  const { bodies } = d;
  const { pickSavePath } = d.options;
  return {
    'bodies:info': async ({ fileId }) => bodies.info(fileId),
    'bodies:index': async ({ fileId, view }, ctx) =>
      bodies.index(fileId, view, (p) =>
        ctx.emit('bodies:index-progress', {
          fileId,
          view: p.view,
          scannedBytes: p.scannedBytes,
          totalBytes: p.totalBytes,
          lines: p.lines,
          done: p.done,
        }),
      ),
    'bodies:read': async ({ fileId, offset, length }) => bodies.read(fileId, offset, length),
    'bodies:lines': async ({ fileId, fromLine, count, maxLineChars }) =>
      bodies.lines(fileId, fromLine, count, maxLineChars),
    'bodies:pretty-lines': async ({ fileId, fromLine, count, maxLineChars }) =>
      bodies.prettyLines(fileId, fromLine, count, maxLineChars),
    'bodies:search': async ({ fileId, query, regex, caseSensitive, view, from, maxHits }) =>
      bodies.search(fileId, {
        query,
        regex,
        caseSensitive,
        view,
        maxHits,
        fromLine: from?.line ?? 0,
        fromColumn: from?.column ?? 0,
      }),
    'bodies:jsonpath': async ({ fileId, path }) => bodies.jsonpath(fileId, path),
    'bodies:save': async ({ fileId, path, suggestedName, overwrite }) => {
      if (!pickSavePath) {
        if (path === undefined) {
          throw new AppError(
            'invalid_input',
            'Type the full path of the file to save to (e.g. /home/me/threats.json).',
          );
        }
        return bodies.save(fileId, path, overwrite);
      }
      // The Electron app: the path comes from main's own dialog, never from the renderer.
      if (path !== undefined) {
        throw new AppError(
          'invalid_input',
          'In the app, the file to save to is chosen in the save dialog; leave the path out.',
        );
      }
      const info = await bodies.info(fileId);
      const picked = await pickSavePath({
        title: 'Save the response body',
        defaultName: saveName(suggestedName, fileId, info.isJson),
      });
      if (picked === null) return { path: null, bytes: 0 };
      // The native dialog has already asked whether to replace an existing file.
      return bodies.save(fileId, picked, true);
    },
    'bodies:sanitize-html': async ({ html }) => ({ html: sanitizePreviewHtml(html) }),
    'bodies:open-external': async ({ fileId }) => bodies.openExternal(fileId),
    'bodies:release': async ({ fileId }) => bodies.release(fileId),
  };
}

/** The dialog's proposed name: the renderer's suggestion if it is a plain name, else the body's id. */
function saveName(suggested: string | undefined, fileId: string, isJson: boolean): string {
  const name = suggested?.trim();
  if (name && name !== '.' && name !== '..' && !/[/\\\0]/.test(name)) return name;
  return `response-${fileId.replace(/\.body$/, '')}.${isJson ? 'json' : 'txt'}`;
}
