import fc from 'fast-check';
import { ConfigError } from '../../src/codecs/errors.js';
import { isFinal, rank } from '../../src/codecs/status.js';
import type { JobStatus } from '../../src/codecs/status.js';
import type { EventSource, StatusEvent } from '../../src/events/job-event.js';
import {
  acceptPendingFinal,
  initialMachineState,
  isSettled,
  stepStatus,
} from '../../src/events/state-machine.js';
import { StatusMachine } from '../../src/events/status-machine.js';
import type { MachineState, StatusMachineEvent } from '../../src/events/state-machine.js';
import { JOB, observe, status } from '../helpers/marble-support.js';

describe('stepStatus', () => {
  it('does not modify the state it is given', () => {
    const state = initialMachineState(JOB, { unconfirmedSources: ['websocket'] });
    const snapshot = JSON.stringify(state);
    stepStatus(state, observe('Queued', 'poll', 1, { queuePosition: 2 }));
    stepStatus(state, observe('Completed', 'websocket', 2));
    expect(JSON.stringify(state)).toBe(snapshot);
  });

  it('reports a held final once and lets acceptPendingFinal emit it', () => {
    let state: MachineState = initialMachineState(JOB, { unconfirmedSources: ['websocket'] });
    state = stepStatus(state, observe('Running', 'poll', 1)).state;
    const first = stepStatus(state, observe('Cancelled', 'websocket', 2));
    expect(first.events).toEqual([]);
    expect(first.pendingFinal).toEqual(observe('Cancelled', 'websocket', 2));
    const again = stepStatus(first.state, observe('Cancelled', 'websocket', 3));
    expect(again.pendingFinal).toBeUndefined();
    expect(again.state.pendingFinal).toEqual(observe('Cancelled', 'websocket', 2));
    const accepted = acceptPendingFinal(again.state);
    expect(accepted.events).toEqual([status('CANCELLED', 'RUNNING', 'websocket', 2)]);
    expect(isSettled(accepted.state)).toBeTrue();
    expect(acceptPendingFinal(accepted.state).events).toEqual([]);
  });

  it('never emits anything once settled', () => {
    let state = initialMachineState(JOB);
    state = stepStatus(state, observe('Completed', 'poll', 1)).state;
    for (const raw of ['Queued', 'Running', 'Failed', 'Cancelled', 'Paused']) {
      expect(stepStatus(state, observe(raw, 'poll', 2, { queuePosition: 1 })).events).toEqual([]);
    }
  });

  describe('for any interleaving of observations', () => {
    const raws = ['Queued', 'Running', 'Completed', 'Cancelled', 'Failed', 'Paused', 'Whatever'];
    const sources: EventSource[] = ['poll', 'websocket', 'stream'];
    const observation = fc.record({
      raw: fc.constantFrom(...raws),
      source: fc.constantFrom(...sources),
      queuePosition: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    });

    it('emits strictly rising statuses chained by previous, with nothing after a final one', () => {
      fc.assert(
        fc.property(fc.array(observation, { maxLength: 40 }), fc.boolean(), (list, confirm) => {
          let state = initialMachineState(JOB, {
            unconfirmedSources: confirm ? ['websocket'] : [],
          });
          const events: StatusMachineEvent[] = [];
          list.forEach((o, i) => {
            const result = stepStatus(state, observe(o.raw, o.source, i, o));
            state = result.state;
            events.push(...result.events);
          });
          const statuses = events.filter((e): e is StatusEvent => e.type === 'status');
          let previous: JobStatus | undefined;
          for (const e of statuses) {
            expect(e.previous).toBe(previous);
            if (previous !== undefined) expect(rank(e.status)).toBeGreaterThan(rank(previous));
            previous = e.status;
          }
          const finalAt = events.findIndex((e) => e.type === 'status' && isFinal(e.status));
          if (finalAt >= 0) expect(finalAt).toBe(events.length - 1);
          if (confirm) {
            const final = statuses.find((e) => isFinal(e.status));
            if (final !== undefined) expect(final.source).not.toBe('websocket');
          }
          // An unknown raw string is reported at most once between two status changes.
          let seen = new Set<string>();
          for (const e of events) {
            if (e.type === 'status') seen = new Set();
            if (e.type === 'unknownStatus') {
              expect(seen.has(e.raw)).toBeFalse();
              seen.add(e.raw);
            }
          }
        }),
      );
    });
  });
});

describe('StatusMachine', () => {
  it('keeps the state between steps, as stepStatus would thread it', () => {
    const machine = new StatusMachine(JOB, { unconfirmedSources: ['websocket'] });
    expect(machine.step(observe('Queued', 'poll', 1)).events).toEqual([
      status('QUEUED', undefined, 'poll', 1),
    ]);
    expect(machine.status).toBe('QUEUED');
    const held = machine.step(observe('Completed', 'websocket', 2));
    expect(held.events).toEqual([]);
    expect(held.pendingFinal).toBeDefined();
    expect(machine.settled).toBeFalse();
    expect(machine.acceptPendingFinal()).toEqual([status('DONE', 'QUEUED', 'websocket', 2)]);
    expect(machine.settled).toBeTrue();
    expect(machine.step(observe('Running', 'poll', 3)).events).toEqual([]);
    expect(machine.acceptPendingFinal()).toEqual([]);
  });

  it('starts in a restored status and checks its options', () => {
    expect(new StatusMachine(JOB, { initial: 'CANCELLED' }).settled).toBeTrue();
    expect(new StatusMachine(JOB, { initial: 'QUEUED' }).state.status).toBe('QUEUED');
    expect(() => new StatusMachine(JOB, { initial: 'PAUSED' as JobStatus })).toThrowError(
      ConfigError,
    );
  });
});
