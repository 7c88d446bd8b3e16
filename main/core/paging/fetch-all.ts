import { mkdir, open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  ChannelParsedInput,
  FetchAllResult,
  FetchStop,
  HttpResponse,
} from '../../../preload/contract';
import type { ConnectionService } from '../connections/connection-service';
import type { CallContext } from '../dispatch';
import { AppError, isAppError } from '../errors';
import { prepareRequest } from '../http/prepare';
import { pacingEvents, type Pacer } from '../pacing/pacer';
import { pathBelowBase } from '../pacing/rules';
import type { ProductionGuard } from '../safety/production-guard';
import { errorDetailOf, itemIdOf, nextCursorOf, pageItemsOf, totalItemsOf } from './list-page';
import type { PagingFiles } from './paging-files';

/** Real consoles cap `limit` at 1000; the most items per request means the fewest requests. */
export const FETCH_ALL_PAGE_LIMIT = '1000';

export interface FetchAllDeps {
  connections: ConnectionService;
  pacer: Pacer;
  files: PagingFiles;
  /** Every line written passes it: nothing main knows as a secret reaches the disk. */
  redact: (text: string) => string;
  /** Wall clock for the items-per-second figure. */
  now: () => number;
}

type FetchAllInput = ChannelParsedInput<'paging:fetch-all'>;

interface Running {
  cancelled: boolean;
  requestId?: string;
}

type PageOutcome =
  | { ok: true; body: unknown }
  | { ok: false; error: NonNullable<FetchAllResult['error']>; thrown?: AppError };

/**
 * Fetch all pages: follows `pagination.nextCursor` through the pacer and the connection's
 * own credential path, writes each page's new items to a JSON Lines file as it arrives
 * (memory holds the ids seen, never the items), and stops on the cursor — never on
 * `totalItems`, which a live tenant changes under us.
 */
export class FetchAll {
  private readonly running = new Map<string, Running>();
  /** What each merged file holds (`threats`, …), so an export can be named after it. */
  private readonly resources = new Map<string, string>();

  constructor(private readonly deps: FetchAllDeps) {}

  cancel(fetchId: string): boolean {
    const run = this.running.get(fetchId);
    if (!run) return false;
    run.cancelled = true;
    if (run.requestId) this.deps.pacer.cancel(run.requestId);
    return true;
  }

  resourceOf(fileId: string): string {
    return this.resources.get(fileId) ?? 'items';
  }

  cancelAll(): void {
    for (const id of this.running.keys()) this.cancel(id);
  }

  /** `guard`: the production guard of http:send (a GET passes it; a read-only connection too). */
  async run(
    input: FetchAllInput,
    ctx: CallContext,
    guard: ProductionGuard,
  ): Promise<FetchAllResult> {
    const { fetchId, spec, maxItems, maxPages } = input;
    if (this.running.has(fetchId)) {
      throw new AppError('invalid_input', `A fetch with id ${fetchId} is already running.`);
    }
    if (spec.method !== 'GET') {
      throw new AppError(
        'invalid_input',
        'Fetch all pages follows the cursor of GET lists only; this request is a ' +
          `${spec.method}. Send it on its own instead.`,
      );
    }
    const { connections } = this.deps;
    const config = await connections.configOf(spec.connectionId);
    if (!config.baseUrl) {
      throw new AppError(
        'demo_not_running',
        'The demo tenant has not been started yet. Start it from the connection bar, then fetch again.',
      );
    }
    const first = prepareRequest(spec, config.baseUrl, `${fetchId}-p1`, config.timeoutMs);
    if (!first.url.searchParams.has('limit'))
      first.url.searchParams.set('limit', FETCH_ALL_PAGE_LIMIT);
    const fileId = this.deps.files.newMergedId();
    const below = pathBelowBase(first.url, config.baseUrl);
    this.resources.set(fileId, resourceName(below));

    const run: Running = { cancelled: false };
    this.running.set(fetchId, run);
    const started = this.deps.now();
    const seen = new Set<string>();
    const cursors = new Set<string>();
    let items = 0;
    let pages = 0;
    let duplicates = 0;
    let bytes = 0;
    let totalItems: number | null = null;
    let stoppedBy: FetchStop = 'end';
    let error: FetchAllResult['error'];
    let refused: AppError | undefined;
    const progress = (done: boolean) => {
      const seconds = Math.max(0.001, (this.deps.now() - started) / 1000);
      ctx.emit('paging:progress', {
        fetchId,
        pages,
        items,
        totalItems,
        itemsPerSecond: Math.round((items / seconds) * 10) / 10,
        done,
        ...(done && { stoppedBy }),
      });
    };

    let file: FileHandle | undefined;
    try {
      await mkdir(this.deps.files.spoolDir, { recursive: true });
      file = await open(this.deps.files.mergedPath(fileId), 'w', 0o600);
      progress(false);
      let cursor: string | undefined;
      for (;;) {
        if (run.cancelled) {
          stoppedBy = 'cancelled';
          break;
        }
        const url = new URL(first.url);
        if (cursor !== undefined) url.searchParams.set('cursor', cursor);
        const requestId = `${fetchId}-p${pages + 1}`;
        run.requestId = requestId;
        const page = await this.page(
          spec.connectionId,
          config,
          { ...first, requestId, url },
          ctx,
          guard,
        );
        run.requestId = undefined;
        if (!page.ok) {
          // Nothing fetched yet and main refused (no token, sign in, bad URL…): the caller
          // gets the error itself, as from http:send, so the usual prompts follow.
          if (pages === 0 && page.thrown && page.error.code !== 'aborted') {
            refused = page.thrown;
            break;
          }
          if (run.cancelled && page.error.code === 'aborted') stoppedBy = 'cancelled';
          else {
            stoppedBy = 'error';
            error = page.error;
          }
          break;
        }
        const list = pageItemsOf(page.body);
        if (!list) {
          stoppedBy = 'error';
          error = {
            code: 'not_a_list',
            message:
              'The answer has no `data` list to page through. Fetch all works on list endpoints such as GET /threats.',
          };
          break;
        }
        pages++;
        totalItems = totalItemsOf(page.body) ?? totalItems;
        let lines = '';
        let added = 0;
        let index = 0;
        for (; index < list.length && items + added < maxItems; index++) {
          const item = list[index];
          const id = itemIdOf(item);
          if (id !== undefined) {
            if (seen.has(id)) {
              duplicates++;
              continue;
            }
            seen.add(id);
          }
          lines += `${JSON.stringify(item)}\n`;
          added++;
        }
        const leftOver = index < list.length;
        if (lines) {
          const chunk = Buffer.from(this.deps.redact(lines), 'utf8');
          await file.write(chunk);
          bytes += chunk.length;
        }
        items += added;
        progress(false);
        const next = nextCursorOf(page.body);
        if (items >= maxItems) {
          stoppedBy = next !== undefined || leftOver ? 'max-items' : 'end';
          break;
        }
        if (next === undefined) break;
        if (cursors.has(next)) {
          stoppedBy = 'error';
          error = {
            code: 'cursor_loop',
            message:
              'The server handed out a cursor it had already given; stopped to avoid fetching the same pages forever.',
          };
          break;
        }
        cursors.add(next);
        if (maxPages !== undefined && pages >= maxPages) {
          stoppedBy = 'max-pages';
          break;
        }
        cursor = next;
      }
    } finally {
      await file?.close();
      this.running.delete(fetchId);
    }
    if (refused) {
      stoppedBy = 'error';
      progress(true);
      await rm(this.deps.files.mergedPath(fileId), { force: true });
      this.resources.delete(fileId);
      throw refused;
    }
    progress(true);
    return {
      fetchId,
      items,
      pages,
      totalItems,
      duplicates,
      stoppedBy,
      ...(error && { error }),
      fileId,
      bytes,
    };
  }

  /** One page through the pacer, with credentials resolved (and the guard asked) for its URL. */
  private async page(
    connectionId: string,
    config: Awaited<ReturnType<ConnectionService['configOf']>>,
    req: Parameters<Pacer['send']>[2],
    ctx: CallContext,
    guard: ProductionGuard,
  ): Promise<PageOutcome> {
    let response: HttpResponse;
    try {
      const conn = await this.deps.connections.resolve(connectionId, req.url);
      guard.check(conn.summary, req, undefined);
      response = await this.deps.pacer.send(
        connectionId,
        config,
        req,
        { credentials: conn.credentials, transport: conn.transport },
        pacingEvents(ctx, req.requestId),
      );
    } catch (err) {
      if (!isAppError(err)) throw err;
      return { ok: false, error: { code: err.code, message: err.message }, thrown: err };
    }
    const body = await this.jsonOf(response);
    if (response.status < 200 || response.status >= 300) {
      const detail = errorDetailOf(body.ok ? body.value : undefined);
      return {
        ok: false,
        error: {
          code: 'http_status',
          status: response.status,
          message: `Page ${req.requestId.split('-p').at(-1)} answered ${response.status} ${response.statusText}${detail ? `: ${detail}` : ''}.`,
        },
      };
    }
    if (!body.ok) return { ok: false, error: { code: 'invalid_json', message: body.message } };
    return { ok: true, body: body.value };
  }

  private async jsonOf(
    response: HttpResponse,
  ): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
    const b = response.body;
    const broken = (why: string) => ({
      ok: false as const,
      message: `The page's body is not valid JSON (${why}); the tenant or a proxy cut or changed it.`,
    });
    if (b.kind === 'text') {
      if (b.json !== undefined) return { ok: true, value: b.json };
      return broken(b.jsonError ?? 'not JSON');
    }
    if (b.kind === 'file') {
      // A page over the engine's in-memory limit was spooled; read it once and let it go.
      const path = join(this.deps.files.spoolDir, b.fileId);
      try {
        return { ok: true, value: JSON.parse(await readFile(path, 'utf8')) };
      } catch (err) {
        return broken(err instanceof Error ? err.message : String(err));
      } finally {
        await rm(path, { force: true });
      }
    }
    return broken(b.kind === 'empty' ? 'empty' : 'binary');
  }
}

/** `/threats` → `threats`, `/threats/123/timeline` → `threats-123-timeline`. */
function resourceName(path: string | undefined): string {
  const name = (path ?? '')
    .split('/')
    .filter(Boolean)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .slice(0, 60);
  return name || 'items';
}
