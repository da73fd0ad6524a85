/**
 * What the local runtime keeps in its data directory and how: writing jobs, logs, results,
 * interim results and sessions as they change, and, at start, reading them back — finished
 * jobs as they were, unfinished ones re-queued from the start (or failed, saying why, when they
 * can no longer run). Without a data directory every call is a no-op.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js';
import { formatLogLine } from './job-log.js';
import { isFinalRuntimeStatus, type JobRecord } from './job-record.js';
import type { JobStore } from './job-store.js';
import type { DataDir } from './persistence.js';
import type { PreparedJob } from './program.js';
import type { SessionManager, SessionRecord } from './sessions.js';
import {
  decodeStoredInterim,
  decodeStoredJob,
  decodeStoredSession,
  encodeStoredInterim,
  encodeStoredJob,
  encodeStoredSession,
} from './stored-records.js';

/** A job read back from disk, before it joins the store. */
interface LoadedJob {
  readonly job: JobRecord;
  result?: string;
  readonly interim?: string[];
  readonly logs: string[];
}

/** Writes the runtime's state to a data directory and reads it back. */
export class RuntimePersistence {
  /** Files that could not be read back. */
  readonly problems: string[] = [];

  constructor(
    private readonly dataDir: DataDir | undefined,
    private readonly store: JobStore,
  ) {}

  /** Write a job and its log. */
  saveJob(job: JobRecord): void {
    this.dataDir?.write('jobs', job.id, encodeStoredJob(job));
    this.dataDir?.write('logs', job.id, this.store.logLines(job.id).join('\n'));
  }

  /** Write a session. */
  saveSession(session: SessionRecord): void {
    this.dataDir?.write('sessions', session.id, encodeStoredSession(session));
  }

  /** Forget a result on disk (a private job's, once read). */
  removeResult(id: string): void {
    this.dataDir?.remove('results', id);
  }

  /**
   * Write a finished job's latest interim result. Only the latest: each interim result of a
   * job holds the PUBs done so far, so the latest holds what every earlier one did, and the
   * whole list grows with the square of the number of PUBs (40 PUBs of 100,000 shots make
   * about 800 MB). Nothing is written while the job runs: an unfinished job starts over after
   * a restart, without its interim results.
   */
  private saveInterim(job: JobRecord): void {
    const interim = this.store.interim(job.id);
    if (interim.length > 0)
      this.dataDir?.write('interim', job.id, encodeStoredInterim(interim.slice(-1)));
  }

  /**
   * Write every change of the store from now on: transitions (and, when a job ends, its result
   * and latest interim result), deletions. `ended` is told of each job that reached a final
   * status or was deleted.
   */
  follow(sessions: SessionManager, ended: (id: string) => void): void {
    const dataDir = this.dataDir;
    this.store.events.onAny((event) => {
      const job = event.job;
      switch (event.type) {
        case 'transition':
          if (isFinalRuntimeStatus(job.status)) {
            const result = this.store.result(job.id);
            if (result !== undefined) dataDir?.write('results', job.id, result);
            this.saveInterim(job);
            ended(job.id);
          }
          this.saveJob(job);
          sessions.jobChanged(job);
          break;
        case 'deleted':
          ended(job.id);
          for (const kind of ['jobs', 'results', 'interim', 'logs'] as const)
            dataDir?.remove(kind, job.id);
          break;
      }
    });
  }

  /**
   * Read the data directory back into `sessions` and the store (before anything listens to
   * the store). Unfinished jobs whose program `prepare` can load again are re-queued: they are
   * returned in creation order, to be queued once the runtime listens; the others are failed.
   */
  async restore(
    sessions: SessionManager,
    prepare: (job: JobRecord) => E.Either<string, PreparedJob>,
    prepared: Map<string, PreparedJob>,
    now: number,
  ): Promise<JobRecord[]> {
    const dataDir = this.dataDir;
    if (dataDir === undefined) return [];
    for (const f of await dataDir.readAll('sessions')) {
      const s = decodeStoredSession(f.id, f.text);
      if (E.isLeft(s)) this.problems.push(`sessions/${f.id}: ${s.left.message}`);
      else sessions.add(s.right);
    }
    const loaded: LoadedJob[] = [];
    for (const f of await dataDir.readAll('jobs')) {
      const j = decodeStoredJob(f.id, f.text);
      if (E.isLeft(j)) {
        this.problems.push(`jobs/${f.id}: ${j.left.message}`);
        continue;
      }
      const logText = await dataDir.read('logs', f.id);
      const interimText = await dataDir.read('interim', f.id);
      const interim = interimText === undefined ? undefined : decodeStoredInterim(interimText);
      if (interim && E.isLeft(interim)) {
        this.problems.push(`interim/${f.id}: ${interim.left.message}`);
      }
      const result = await dataDir.read('results', f.id);
      loaded.push({
        job: j.right,
        ...(result !== undefined ? { result } : {}),
        ...(interim && E.isRight(interim) ? { interim: interim.right } : {}),
        logs: logText === undefined || logText === '' ? [] : logText.split('\n'),
      });
    }
    loaded.sort((a, b) => a.job.sequence - b.job.sequence);
    const toQueue: JobRecord[] = [];
    for (const l of loaded) {
      if (isFinalRuntimeStatus(l.job.status)) {
        this.store.add(l.job, {
          ...(l.result !== undefined ? { result: l.result } : {}),
          interim: l.interim ?? [],
          logs: l.logs,
        });
        continue;
      }
      if (this.requeue(l, prepare(l.job), prepared, now)) toQueue.push(l.job);
      dataDir.write('interim', l.job.id, encodeStoredInterim([]));
      this.store.add(l.job, {
        ...(l.result !== undefined ? { result: l.result } : {}),
        interim: [],
        logs: l.logs,
      });
      this.saveJob(l.job);
    }
    return toQueue;
  }

  /** Put an unfinished job back in the queue, or fail it saying why; true when re-queued. */
  private requeue(
    l: LoadedJob,
    program: E.Either<string, PreparedJob>,
    prepared: Map<string, PreparedJob>,
    at: number,
  ): boolean {
    const job = l.job;
    const was = job.status;
    if (E.isRight(program)) {
      prepared.set(job.id, program.right);
      job.status = 'Queued';
      job.transitions.push({
        status: 'Queued',
        at,
        reason: `re-queued after a restart (was ${was})`,
      });
      l.logs.push(
        formatLogLine(at, 'WARNING', `re-queued after a restart of the local runtime (was ${was})`),
      );
      return true;
    }
    const reason = `The local runtime restarted while the job was ${was} and could not re-queue it: ${program.left}`;
    job.status = 'Failed';
    job.reason = reason;
    job.reasonCode = 1000;
    job.transitions.push({ status: 'Failed', at, reason, reasonCode: 1000 });
    l.logs.push(formatLogLine(at, 'ERROR', reason));
    l.result = reason;
    this.dataDir?.write('results', job.id, reason);
    return false;
  }
}
