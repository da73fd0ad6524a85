/**
 * Watching a job's events: every `JobEvent` of a Bell job as it arrives (status transitions,
 * queue progress, websocket connection changes, interim results, the result), and the same
 * stream narrowed with operators (`statusChanges`, `counts`).
 *
 * Run with `node --import tsx examples/watch-events.ts`.
 */
import { lastValueFrom } from 'rxjs';
import { RuntimeService, Sampler, counts, statusChanges } from '../src/index.js';
import type { JobEvent } from '../src/index.js';
import { startLocalRuntime } from '../src/local/index.js';

const bell = `OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] meas;
h q[0];
cx q[0], q[1];
meas = measure q;`;

/** One line describing an event. */
function describe(event: JobEvent): string {
  switch (event.type) {
    case 'status':
      return `${event.previous ?? '-'} -> ${event.status} (from ${event.source})`;
    case 'progress':
      return event.queuePosition !== undefined
        ? `queue position ${event.queuePosition}`
        : `polling every ${event.pollIntervalMs} ms`;
    case 'connection':
      return `${event.channel} ${event.state}${event.detail ? `: ${event.detail}` : ''}`;
    case 'interim':
      return `interim result #${event.index}`;
    case 'result':
      return `result with ${event.result.length} pub(s)`;
    case 'unknownStatus':
      return `unknown status ${JSON.stringify(event.raw)}`;
    case 'metrics':
      return `metrics: ${JSON.stringify(event.metrics.usage ?? {})}`;
    case 'logs':
      return `${event.logs.split('\n').length} log lines`;
  }
}

const runtime = await startLocalRuntime({ port: 0, queue: { queueDelayMs: 300, runDelayMs: 300 } });
try {
  const service = new RuntimeService({ url: runtime.url, token: runtime.token });
  const sampler = new Sampler({ backend: await service.backend('ibmq_qasm_simulator') });
  const job = await sampler.run([[bell, null, 256]]);

  // Every event, as it arrives. Subscribers share one set of sockets and polls.
  job.events$.subscribe({
    next: (event) => console.log(`${event.type.padEnd(13)} ${describe(event)}`),
    error: (e: { _tag?: string; message: string }) =>
      console.error(`failed: ${e._tag}: ${e.message}`),
  });
  // The same stream through operators: the statuses, and the counts of each pub.
  job.events$.pipe(statusChanges()).subscribe((s) => console.log(`status        ${s}`));
  const [bellCounts] = await lastValueFrom(job.events$.pipe(counts('meas')));
  console.log('counts       ', bellCounts);
} finally {
  await runtime.close();
}
