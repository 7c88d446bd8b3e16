import type { ChannelOutput, ChannelParsedInput } from '../../../preload/contract';
import type { CallContext } from '../dispatch';
import type { ProductionGuard } from '../safety/production-guard';
import { exportItems } from './export-items';
import { FetchAll, type FetchAllDeps } from './fetch-all';
import { PagingFiles } from './paging-files';

export interface PagingServiceDeps extends Omit<FetchAllDeps, 'files'> {
  dataDir: string;
}

/** Fetch all pages, and what comes after: reading the merged file in chunks and exporting it. */
export class PagingService {
  readonly files: PagingFiles;
  private readonly fetcher: FetchAll;

  constructor(private readonly deps: PagingServiceDeps) {
    this.files = new PagingFiles(deps.dataDir);
    this.fetcher = new FetchAll({ ...deps, files: this.files });
  }

  fetchAll(
    input: ChannelParsedInput<'paging:fetch-all'>,
    ctx: CallContext,
    guard: ProductionGuard,
  ) {
    return this.fetcher.run(input, ctx, guard);
  }

  cancel(fetchId: string): boolean {
    return this.fetcher.cancel(fetchId);
  }

  cancelAll(): void {
    this.fetcher.cancelAll();
  }

  async export(
    input: ChannelParsedInput<'paging:export'>,
  ): Promise<ChannelOutput<'paging:export'>> {
    const source = await this.files.existingPathOf(input.fileId);
    const { fileId, path } = this.files.newExport(
      this.fetcher.resourceOf(input.fileId),
      input.format,
      new Date(this.deps.now()),
    );
    const outcome = await exportItems(source, path, input.format, {
      spreadsheetSafe: input.spreadsheetSafe,
    });
    return { fileId, path, format: input.format, ...outcome };
  }

  read(input: ChannelParsedInput<'paging:read'>) {
    return this.files.read(input.fileId, input.offset, input.length);
  }
}
