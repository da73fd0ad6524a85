import { TestScheduler } from 'rxjs/testing';
import { BitArray } from '../../src/codecs/bit-array.js';
import { ConfigError } from '../../src/codecs/errors.js';
import {
  estimatorPubResult,
  PrimitiveResult,
  samplerPubResult,
} from '../../src/codecs/result-model.js';
import type { PubResult } from '../../src/codecs/result-model.js';
import { resultEvent } from '../../src/events/job-event.js';
import type { JobEvent } from '../../src/events/job-event.js';
import { counts } from '../../src/operators/counts.js';
import { addErrorEquality, at, JOB, status } from '../helpers/marble-support.js';

const bell = samplerPubResult({
  meas: BitArray.fromSamples(['0x0', '0x3', '0x3', '0x0', '0x3'], 2),
});
const twoRegisters = samplerPubResult({
  alpha: BitArray.fromSamples(['0x1', '0x1', '0x0'], 1),
  beta: BitArray.fromSamples(['0x2', '0x2', '0x2'], 2),
});

function result(pubs: readonly PubResult[]): JobEvent {
  return resultEvent({ jobId: JOB, time: at(5), result: new PrimitiveResult(pubs) });
}

describe('counts', () => {
  beforeEach(addErrorEquality);

  it('emits, per result event, the counts of each pub’s only register', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = cold<JobEvent>('-r-d-R|', {
        r: status('RUNNING', undefined, 'poll', 1),
        d: status('DONE', 'RUNNING', 'poll', 3),
        R: result([bell, bell]),
      });
      expectObservable(source.pipe(counts())).toBe('-----C|', {
        C: [
          { '00': 2, '11': 3 },
          { '00': 2, '11': 3 },
        ],
      });
    });
  });

  it('counts the named register, or each pub’s first one by default', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = cold<JobEvent>('-R|', { R: result([twoRegisters]) });
      expectObservable(source.pipe(counts('beta'))).toBe('-C|', { C: [{ '10': 3 }] });
      expectObservable(source.pipe(counts())).toBe('-C|', { C: [{ '1': 2, '0': 1 }] });
    });
  });

  it('fails with a ConfigError naming a missing register and listing those present', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = cold<JobEvent>('-R|', { R: result([bell, twoRegisters]) });
      expectObservable(source.pipe(counts('meas'))).toBe(
        '-#',
        undefined,
        new ConfigError('pub 1 has no register "meas" (registers: alpha, beta)', 'register'),
      );
    });
  });

  it('fails with a ConfigError for estimator results and pubs without registers', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const estimator = cold<JobEvent>('-R|', {
        R: result([estimatorPubResult({ evs: 0.5, stds: 0.01 })]),
      });
      expectObservable(estimator.pipe(counts())).toBe(
        '-#',
        undefined,
        new ConfigError(
          'counts() needs sampler results, but pub 0 is an estimator result',
          'counts',
        ),
      );
      const empty = cold<JobEvent>('-R|', { R: result([samplerPubResult({})]) });
      expectObservable(empty.pipe(counts())).toBe(
        '-#',
        undefined,
        new ConfigError('pub 0 has no classical register to count', 'register'),
      );
    });
  });
});
