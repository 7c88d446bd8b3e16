import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { ConnectionConfigSchema, type ConnectionConfig } from '../../../preload/contract';
import { AppError } from '../errors';
import { writeFileAtomic } from '../storage/atomic-file';
import {
  readVersionedFile,
  type StorageProblems,
  type VersionedFormat,
} from '../storage/versioned-file';

export interface StoredConnection {
  id: string;
  config: ConnectionConfig;
  createdAt: string;
  updatedAt: string;
}

export const CONNECTIONS_FILE_VERSION = 2;

const ConnectionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

const FileSchema = z.object({
  version: z.literal(CONNECTIONS_FILE_VERSION),
  connections: z.array(
    z.object({
      id: ConnectionIdSchema,
      config: ConnectionConfigSchema,
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
  /**
   * Deleted connections whose keychain entries could not be removed then (the
   * keychain was locked); removed as soon as it answers again.
   */
  pendingSecretDeletes: z.array(ConnectionIdSchema),
});

/** Each step turns version n into n+1; a copy of the original stays beside the file. */
export const CONNECTIONS_FORMAT: VersionedFormat<z.infer<typeof FileSchema>> = {
  label: 'Your connections file',
  current: CONNECTIONS_FILE_VERSION,
  migrations: {
    // v2 remembers keychain entries still to delete.
    1: (doc) => ({ ...doc, pendingSecretDeletes: [] }),
  },
  parse: (raw) => FileSchema.parse(raw),
};

/**
 * The operator's connections in `<dataDir>/connections.json` (versioned,
 * atomic writes, never a secret). A file that does not parse is set aside and
 * reported, never silently replaced; one from a newer console is left as it
 * is and the store refuses to write over it.
 */
export class ConnectionStore {
  private items: StoredConnection[] = [];
  private pending: string[] = [];
  private loaded?: Promise<void>;
  /** Set when the file came from a newer console: saving would destroy what it knows. */
  private frozen?: string;
  readonly path: string;

  constructor(
    dataDir: string,
    private readonly problems?: StorageProblems,
  ) {
    this.path = join(dataDir, 'connections.json');
  }

  private load(): Promise<void> {
    this.loaded ??= readVersionedFile(this.path, CONNECTIONS_FORMAT).then((read) => {
      if (read.status === 'ok') {
        this.items = read.value.connections;
        this.pending = read.value.pendingSecretDeletes;
      }
      if (read.status === 'corrupt' || read.status === 'newer') {
        this.problems?.report({ source: 'connections', message: read.message, path: this.path });
      }
      if (read.status === 'newer') this.frozen = read.message;
    });
    return this.loaded;
  }

  private async save(): Promise<void> {
    if (this.frozen) throw new AppError('newer_data', this.frozen);
    await writeFileAtomic(
      this.path,
      JSON.stringify(
        {
          version: CONNECTIONS_FILE_VERSION,
          connections: this.items,
          pendingSecretDeletes: this.pending,
        },
        null,
        2,
      ) + '\n',
    );
  }

  async list(): Promise<StoredConnection[]> {
    await this.load();
    return [...this.items];
  }

  /** The connection if the file is already loaded; for synchronous callers such as the redactor. */
  peek(id: string): StoredConnection | undefined {
    return this.items.find((c) => c.id === id);
  }

  async get(id: string): Promise<StoredConnection | undefined> {
    await this.load();
    return this.items.find((c) => c.id === id);
  }

  async require(id: string): Promise<StoredConnection> {
    const found = await this.get(id);
    if (!found)
      throw new AppError(
        'unknown_connection',
        `There is no connection "${id}". It may have been deleted.`,
      );
    return found;
  }

  async create(config: ConnectionConfig): Promise<StoredConnection> {
    await this.load();
    const now = new Date().toISOString();
    const item = { id: `c-${randomUUID()}`, config, createdAt: now, updatedAt: now };
    this.items.push(item);
    await this.save();
    return item;
  }

  async update(id: string, config: ConnectionConfig): Promise<StoredConnection> {
    const existing = await this.require(id);
    const next = { ...existing, config, updatedAt: new Date().toISOString() };
    this.items = this.items.map((c) => (c.id === id ? next : c));
    await this.save();
    return next;
  }

  /** Removes the connection; `secretsPending` records (in the same write) that its keychain entries remain. */
  async delete(id: string, options: { secretsPending?: boolean } = {}): Promise<boolean> {
    await this.load();
    const before = this.items.length;
    this.items = this.items.filter((c) => c.id !== id);
    if (this.items.length === before) return false;
    if (options.secretsPending && !this.pending.includes(id)) this.pending.push(id);
    await this.save();
    return true;
  }

  async pendingSecretDeletes(): Promise<string[]> {
    await this.load();
    return [...this.pending];
  }

  async clearPendingSecretDelete(id: string): Promise<void> {
    await this.load();
    if (!this.pending.includes(id)) return;
    this.pending = this.pending.filter((p) => p !== id);
    await this.save();
  }
}
