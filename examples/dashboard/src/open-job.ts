/**
 * The job whose details are open: it reads the job, its inputs, logs and metrics, folds the
 * job's live events into the detail view (while the tab shows), shows the scheduler's reads of
 * it as last and next checks, and cancels it after asking. One job at a time; opening another
 * or closing stops everything that followed the previous one.
 *
 * @module
 */
import { Subscription } from 'rxjs';
import type { Observable } from 'rxjs';
import type { JobStatus, PrimitiveResult, RuntimeJob, RuntimeService } from '../../../src/index.js';
import { observableLabels } from './chart-data.js';
import { ask } from './confirm.js';
import {
  applyComplete,
  applyError,
  applyEvent,
  initialDetail,
  isFinished,
} from './detail-state.js';
import type { DetailState } from './detail-state.js';
import { DetailView } from './detail-view.js';
import { rowOfJob } from './jobs-table.js';
import type { JobRowData } from './jobs-table.js';
import { readableInputs } from './job-inputs.js';
import { jobEvents$, readTimes$, whileVisible } from './live.js';
import { describeError } from './new-job-form.js';

/** What the rest of the page learns from the open job, and what it offers it. */
export interface OpenJobHooks {
  /** The Back button ("All jobs"). */
  back(): void;
  /** The open job reached `status`. */
  status(jobId: string, status: JobStatus): void;
  /** What the list knows of a job, to show at once while it is read. */
  info(jobId: string): JobRowData | undefined;
}

/** One opened job and what follows it. */
interface Opened {
  readonly id: string;
  job: RuntimeJob<PrimitiveResult> | undefined;
  state: DetailState;
  readonly subscription: Subscription;
  cancelling: boolean;
}

/** The detail view and the job it shows. */
export class OpenJobView {
  private readonly view: DetailView;
  private current: Opened | undefined;

  constructor(
    root: HTMLElement,
    private readonly visible$: Observable<boolean>,
    private readonly hooks: OpenJobHooks,
  ) {
    this.view = new DetailView(root, {
      back: () => hooks.back(),
      cancel: () => void this.cancel(),
    });
  }

  /** The id of the open job, if any. */
  get jobId(): string | undefined {
    return this.current?.id ?? this.view.jobId;
  }

  /**
   * Open job `id` of `service` (undefined: not connected yet; the view shows what the list
   * knows). `pollingOnly`: the page uses no websockets.
   */
  open(id: string, service: RuntimeService | undefined, pollingOnly: boolean): void {
    this.close();
    this.view.open(
      this.hooks.info(id) ?? {
        id,
        status: undefined,
        program: undefined,
        backend: undefined,
        created: undefined,
        tags: [],
      },
    );
    if (service === undefined) return;
    const opened: Opened = {
      id,
      job: undefined,
      state: initialDetail(id, pollingOnly),
      subscription: new Subscription(),
      cancelling: false,
    };
    this.current = opened;
    void this.follow(service, opened);
  }

  /** Close the view and stop following its job. */
  close(): void {
    this.current?.subscription.unsubscribe();
    this.current = undefined;
    this.view.close();
  }

  /** What the list read of the open job (its status, tags, …). */
  setInfo(info: JobRowData): void {
    this.view.setInfo(info);
  }

  /** The tab is hidden (nothing is read), or shows again. */
  setPaused(paused: boolean): void {
    this.view.setPaused(paused);
  }

  /** Redraw the countdown of the next check. */
  tick(): void {
    this.view.tick();
  }

  private async follow(service: RuntimeService, opened: Opened): Promise<void> {
    let job: RuntimeJob<PrimitiveResult>;
    try {
      job = await service.job(opened.id);
      await job.refresh({ inputs: true });
    } catch (error) {
      if (this.current !== opened) return;
      this.view.setInputs({ kind: 'failed', message: describeError(error) });
      this.view.setLogs({ kind: 'failed', message: 'the job could not be read' });
      this.view.setMetrics({ kind: 'failed', message: 'the job could not be read' });
      this.show(applyError(opened.state, error));
      return;
    }
    if (this.current !== opened) return;
    opened.job = job;
    this.view.setInfo(rowOfJob(job));
    const inputs = readableInputs(job.inputs);
    this.view.setInputs({ kind: 'ready', value: inputs });
    const labels = observableLabels(inputs.params);
    void this.loadRecord(opened);
    opened.subscription.add(
      jobEvents$(job.events$, this.visible$).subscribe({
        next: (event) => this.show(applyEvent(opened.state, event, labels)),
        error: (error: unknown) => this.show(applyError(opened.state, error)),
        complete: () => this.show(applyComplete(opened.state)),
      }),
    );
    if (!isFinished(job.lastStatus)) {
      opened.subscription.add(
        whileVisible(this.visible$, () =>
          readTimes$(service.context.jobClient, opened.id),
        ).subscribe((times) => this.view.setChecks(times)),
      );
    }
  }

  private show(state: DetailState): void {
    const opened = this.current;
    if (opened === undefined || state.jobId !== opened.id) return;
    const before = opened.state.status;
    opened.state = state;
    this.view.render(state);
    if (state.status !== undefined && state.status !== before) {
      this.hooks.status(state.jobId, state.status);
      if (isFinished(state.status)) {
        this.view.say(undefined);
        void this.loadRecord(opened);
      }
    }
  }

  /** Read the job's metrics and logs (again when it finishes: they change then). */
  private async loadRecord(opened: Opened): Promise<void> {
    const job = opened.job;
    if (job === undefined) return;
    const [metrics, logs] = await Promise.allSettled([job.metrics(), job.logs()]);
    if (this.current !== opened) return;
    this.view.setMetrics(
      metrics.status === 'fulfilled'
        ? { kind: 'ready', value: metrics.value }
        : { kind: 'failed', message: describeError(metrics.reason) },
    );
    this.view.setLogs(
      logs.status === 'fulfilled'
        ? { kind: 'ready', value: logs.value }
        : { kind: 'failed', message: describeError(logs.reason) },
    );
  }

  private async cancel(): Promise<void> {
    const opened = this.current;
    const job = opened?.job;
    if (opened === undefined || job === undefined || opened.cancelling) return;
    const yes = await ask({
      title: 'Cancel this job?',
      body: `Job ${opened.id} stops where it is and will have no results. This cannot be undone.`,
      yes: 'Cancel job',
      no: 'Keep it',
    });
    if (!yes || this.current !== opened) return;
    opened.cancelling = true;
    this.view.cancelling(true);
    this.view.say('Cancel requested; waiting for the service to confirm…');
    try {
      await job.cancel();
    } catch (error) {
      if (this.current === opened) {
        this.view.say(`The job could not be cancelled: ${describeError(error)}`, 'problem');
      }
    } finally {
      opened.cancelling = false;
      if (this.current === opened) this.view.cancelling(false);
    }
  }
}
