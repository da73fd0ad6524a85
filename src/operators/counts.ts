/**
 * The {@link counts} operator: measurement counts of a sampler job, per pub.
 *
 * @module
 */
import { filter, map, pipe } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { BitArray } from '../codecs/bit-array.js';
import { ConfigError, DecodeError } from '../codecs/errors.js';
import type { PrimitiveResult, PubResult } from '../codecs/result-model.js';
import { isResultEvent } from '../events/job-event.js';
import type { JobEvent } from '../events/job-event.js';

/**
 * Outcome bitstring (most significant bit first, e.g. `'01'`) to the number of shots giving it.
 *
 * @category Operators
 */
export type Counts = Record<string, number>;

function countsOf(pub: PubResult, index: number, register: string | undefined): Counts {
  if (pub.kind !== 'sampler') {
    throw new ConfigError(
      `counts() needs sampler results, but pub ${index} is an ${pub.kind} result`,
      'counts',
    );
  }
  const names = Object.keys(pub.data);
  const name = register ?? names[0];
  if (name === undefined) {
    throw new ConfigError(`pub ${index} has no classical register to count`, 'register');
  }
  if (!Object.prototype.hasOwnProperty.call(pub.data, name)) {
    throw new ConfigError(
      `pub ${index} has no register ${JSON.stringify(name)} (registers: ${names.join(', ') || 'none'})`,
      'register',
    );
  }
  const bits: unknown = pub.data[name];
  if (!(bits instanceof BitArray)) {
    throw new DecodeError(`[${index}].data.${name}`, 'a BitArray', bits);
  }
  return bits.getCounts();
}

/**
 * For each `result` event of a sampler job, emit the counts of one classical register for
 * every pub: an array whose entry `i` is pub `i`'s counts (`counts()[0]` for a single-pub job).
 * The register is `register` when given, otherwise each pub's first register (its only one in
 * the common single-register case), in the order the server listed them. Counts over a
 * parameter sweep are summed over all positions (`BitArray.getCounts()`). Other events are
 * ignored; completion and errors pass through.
 *
 * Fails the stream with {@link ConfigError} when a pub is an estimator result, has no
 * registers, or lacks the named register (the message lists the registers it has).
 *
 * ```
 * source:  -q-r-d-R|          (R = result of two pubs, register meas)
 *
 * counts('meas')
 *
 * result:  -------C|          (C = [{ '00': 510, '11': 514 }, { '01': 1024 }])
 * ```
 *
 * @category Operators
 */
export function counts<R extends PrimitiveResult = PrimitiveResult>(
  register?: string,
): OperatorFunction<JobEvent<R>, Counts[]> {
  return pipe(
    filter(isResultEvent),
    map((event) => event.result.map((pub, index) => countsOf(pub, index, register))),
  );
}
