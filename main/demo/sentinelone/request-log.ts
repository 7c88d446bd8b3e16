import { REQUEST_LOG_CAP } from './constants';
import type { DemoRequestLogEntry } from './types';

/** What the demo received, for tests and for the "what did my client send" panel. */
export class RequestLog {
  private entries: DemoRequestLogEntry[] = [];

  constructor(private readonly cap = REQUEST_LOG_CAP) {}

  record(entry: DemoRequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.cap) this.entries.splice(0, this.entries.length - this.cap);
  }

  list(): DemoRequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): number {
    const count = this.entries.length;
    this.entries = [];
    return count;
  }
}
