/**
 * Files of a persistent local runtime, all under one data directory: one file per job,
 * result, interim-result list, log and session, named `<kind>/<id>.<ext>` where the id has
 * already been checked against the service's id format (nothing else from a request ever
 * reaches a path). Every write goes to a temporary file in the same directory and is renamed
 * over the target, so a reader (or a crash) never sees half a file. Writes to one file are
 * applied in order; {@link DataDir.flush} waits for all of them.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRuntimeId } from './ids.js';

/** What a file holds. */
export type DataKind = 'jobs' | 'results' | 'interim' | 'logs' | 'sessions';

const KINDS: readonly DataKind[] = ['jobs', 'results', 'interim', 'logs', 'sessions'];

const EXTENSION: Readonly<Record<DataKind, string>> = {
  jobs: '.json',
  results: '.txt',
  interim: '.json',
  logs: '.log',
  sessions: '.json',
};

/** One file read back at start-up. */
export interface StoredFile {
  readonly id: string;
  readonly text: string;
}

/** A data directory. */
export class DataDir {
  private readonly pending = new Map<string, Promise<void>>();
  /** Write failures (kept so they can be reported; writes never throw into the server). */
  readonly errors: Error[] = [];

  private constructor(readonly root: string) {}

  /** Create the directory layout if needed. */
  static async open(root: string): Promise<DataDir> {
    for (const kind of KINDS) await mkdir(join(root, kind), { recursive: true });
    return new DataDir(root);
  }

  private pathOf(kind: DataKind, id: string): string {
    if (!isRuntimeId(id))
      throw new Error(`refusing to build a data file name from ${JSON.stringify(id)}`);
    return join(this.root, kind, `${id}${EXTENSION[kind]}`);
  }

  private enqueue(path: string, op: () => Promise<void>): void {
    const previous = this.pending.get(path) ?? Promise.resolve();
    const next = previous.then(op).catch((e: unknown) => {
      this.errors.push(e instanceof Error ? e : new Error(String(e)));
    });
    this.pending.set(path, next);
    void next.then(() => {
      if (this.pending.get(path) === next) this.pending.delete(path);
    });
  }

  /** Atomically replace `<kind>/<id>` with `text` (queued behind earlier writes to the same file). */
  write(kind: DataKind, id: string, text: string): void {
    const path = this.pathOf(kind, id);
    this.enqueue(path, async () => {
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, text, 'utf8');
        await rename(tmp, path);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
    });
  }

  /** Remove `<kind>/<id>` if it exists. */
  remove(kind: DataKind, id: string): void {
    const path = this.pathOf(kind, id);
    this.enqueue(path, () => rm(path, { force: true }));
  }

  /** Read every well-named file of a kind (leftover temporary files and strangers are skipped). */
  async readAll(kind: DataKind): Promise<StoredFile[]> {
    const dir = join(this.root, kind);
    const ext = EXTENSION[kind];
    const out: StoredFile[] = [];
    for (const name of (await readdir(dir)).sort()) {
      if (!name.endsWith(ext)) continue;
      const id = name.slice(0, -ext.length);
      if (!isRuntimeId(id)) continue;
      out.push({ id, text: await readFile(join(dir, name), 'utf8') });
    }
    return out;
  }

  /** Read one file, or `undefined` when it does not exist. */
  async read(kind: DataKind, id: string): Promise<string | undefined> {
    try {
      return await readFile(this.pathOf(kind, id), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** Resolve once every write queued so far has reached the disk. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending.values()]);
  }
}
