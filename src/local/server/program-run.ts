/**
 * Running an accepted Sampler V2 or Estimator V2 job on the statevector simulator, PUB by
 * PUB: an interim result after each, the final result text (plain JSON, or the RuntimeEncoder
 * form when `params.support_qiskit` is set), and simulation failures turned into job failures
 * with the service's reason codes.
 *
 * @module
 */
import { BitArray } from '../../codecs/bit-array.js';
import { NdArray } from '../../codecs/nd-array.js';
import { encodePubText, joinResult, type ResultEncoding } from '../../codecs/result-encode.js';
import { ExecutionSpan, estimatorPubResult, samplerPubResult } from '../../codecs/result-model.js';
import { QasmError } from '../../circuits/qasm/index.js';
import {
  SimulationAbortedError,
  SimulationError,
  runEstimatorPub,
  runSamplerPub,
} from '../simulator/index.js';
import { sizeOf } from '../simulator/ndarray.js';
import type { JobRecord, LocalProgramId } from './job-record.js';
import type { LocalRuntimeLimits } from './limits.js';
import { deriveSeed } from './prng.js';
import type { PreparedJob } from './program.js';
import { JobFailure, type JobRunContext } from './queue.js';
import { runNoisyEstimatorPub, runNoisySamplerPub } from './noise-trajectories.js';

/** Reason code of a job stopped by a simulator limit or a simulation error. */
export const REASON_CODE_SIMULATION_FAILED = 5204;

/**
 * Let the event loop run (timers, I/O: status polls, cancel requests) before the next piece of
 * a job, then stop with the simulator's abort error when the job was stopped meanwhile.
 */
async function nextTurn(signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal.aborted) throw new SimulationAbortedError(signal.reason);
}

function failureOf(e: unknown): unknown {
  if (e instanceof SimulationAbortedError) return e;
  if (e instanceof SimulationError) {
    return new JobFailure(
      e.message,
      REASON_CODE_SIMULATION_FAILED,
      e.limit !== undefined
        ? `Reduce the PUB so it fits the simulator's ${e.limit} limit.`
        : undefined,
    );
  }
  if (e instanceof QasmError) return new JobFailure(e.message, 1002);
  return e;
}

/**
 * Run a prepared job PUB by PUB. After each PUB an interim result holding the PUBs done so
 * far is published; the final result carries one execution span per PUB. Aborting `ctx.signal`
 * stops the simulation.
 */
export async function runPreparedJob(
  program: PreparedJob,
  job: JobRecord,
  ctx: JobRunContext,
  limits: LocalRuntimeLimits,
): Promise<string> {
  const simulatorLimits = {
    maxQubits: limits.maxQubits,
    maxInstructions: limits.maxCircuitOperations,
    maxBindings: limits.maxParameterSets,
    maxShots: limits.maxShots * limits.maxParameterSets,
  };
  if (program.refusal !== undefined) {
    for (const line of program.refusal.details) ctx.log('ERROR', line);
    throw new JobFailure(program.refusal.reason, program.refusal.reasonCode);
  }
  const encoding: ResultEncoding = program.supportQiskit ? 'runtime' : 'plain';
  // Each PUB's result is encoded once; the interim and final texts are joined from them.
  const pubTexts: string[] = [];
  const spans: ExecutionSpan[] = [];
  const kind: LocalProgramId = program.program;
  for (let i = 0; i < program.pubs.length; i++) {
    await nextTurn(ctx.signal);
    const seed = deriveSeed(job.seed, `pub-${i}`);
    const start = new Date();
    const runOptions = { seed, limits: simulatorLimits, signal: ctx.signal };
    try {
      if (program.program === 'sampler') {
        const pub = program.pubs[i]!;
        ctx.log(
          'INFO',
          `pub ${i}: sampling ${pub.shots} shots of a ${pub.circuit.numQubits}-qubit circuit`,
        );
        const input = {
          circuit: pub.circuit,
          ...(pub.parameterValues !== undefined ? { parameterValues: pub.parameterValues } : {}),
          shots: pub.shots,
        };
        const noise = program.noise;
        const out =
          noise === undefined
            ? await runSamplerPub(input, runOptions)
            : await runNoisySamplerPub(input, noise, runOptions).then((o) => {
                ctx.log(
                  'INFO',
                  `pub ${i}: ${o.trajectories} distinct noise trajectories simulated`,
                );
                return o;
              });
        const registers: Record<string, BitArray> = {};
        for (const r of out.registers) {
          registers[r.name] = new BitArray(r.bytes, {
            numBits: r.numBits,
            numShots: out.numShots,
            shape: out.shape,
          });
        }
        pubTexts.push(
          encodePubText(samplerPubResult(registers, { circuit_metadata: {} }), encoding),
        );
        const stop = new Date();
        spans.push(
          new ExecutionSpan(
            'DoubleSliceSpan',
            start,
            stop,
            new Map([
              [
                i,
                {
                  kind: 'double',
                  shape: [...out.shape],
                  argStart: 0,
                  argStop: Math.max(1, sizeOf(out.shape)),
                  shotStart: 0,
                  shotStop: out.numShots,
                },
              ],
            ]),
          ),
        );
      } else {
        const pub = program.pubs[i]!;
        ctx.log(
          'INFO',
          `pub ${i}: estimating observables on a ${pub.circuit.numQubits}-qubit circuit`,
        );
        const input = {
          circuit: pub.circuit,
          observables: pub.observables,
          ...(pub.parameterValues !== undefined ? { parameterValues: pub.parameterValues } : {}),
          precision: pub.precision,
        };
        const noise = program.noise;
        const out =
          noise === undefined
            ? await runEstimatorPub(input, runOptions)
            : await runNoisyEstimatorPub(input, noise, runOptions).then((o) => {
                ctx.log('INFO', `pub ${i}: ${o.trajectories} distinct noise trajectories averaged`);
                return o;
              });
        const shape = [...out.shape];
        const evs = new NdArray('float64', shape, out.evs);
        const stds = new NdArray('float64', shape, out.stds);
        pubTexts.push(
          encodePubText(
            estimatorPubResult(
              {
                evs,
                stds,
                ensembleStandardError: new NdArray('float64', shape, Float64Array.from(out.stds)),
              },
              {
                target_precision: pub.precision,
                circuit_metadata: {},
                resilience: {},
                num_randomizations: 0,
              },
            ),
            encoding,
          ),
        );
      }
    } catch (e) {
      throw failureOf(e);
    }
    const elapsed = Date.now() - start.getTime();
    ctx.log('INFO', `pub ${i}: done in ${elapsed} ms`);
    const metadata =
      kind === 'sampler'
        ? { execution: { execution_spans: [...spans] }, version: 2 }
        : { version: 2 };
    ctx.publishInterim(joinResult(encoding, pubTexts, metadata));
  }
  await nextTurn(ctx.signal);
  const metadata =
    kind === 'sampler' ? { execution: { execution_spans: spans }, version: 2 } : { version: 2 };
  return joinResult(encoding, pubTexts, metadata);
}
