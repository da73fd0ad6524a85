import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../src/codecs/decode.js';
import { JobMetrics } from '../../src/codecs/metrics.js';

describe('JobMetrics', () => {
  it('decodes the documented fields', () => {
    const r = decode(JobMetrics, {
      timestamps: {
        created: '2024-01-01T00:00:00Z',
        running: '2024-01-01T00:00:05Z',
        finished: null,
      },
      bss: { seconds: 3 },
      usage: { quantum_seconds: 2.5, seconds: 3, qpu_charge_time_seconds: 2, status: 'pending' },
      qiskit_version: '1.0',
      estimated_start_time: '2024-01-01T00:00:01Z',
      estimated_completion_time: null,
      position_in_queue: 4,
      position_in_provider: 9,
      num_qubits: [2],
      circuit_depths: [5],
      extra: 'kept',
    });
    if (E.isLeft(r)) fail(r.left.message);
    else {
      expect(r.right.usage?.quantum_seconds).toBe(2.5);
      expect(r.right.timestamps?.finished).toBeNull();
      expect(r.right.position_in_queue).toBe(4);
      expect((r.right as Record<string, unknown>)['extra']).toBe('kept');
    }
  });

  it('accepts an empty object and nulls everywhere', () => {
    expect(E.isRight(decode(JobMetrics, {}))).toBe(true);
    expect(E.isRight(decode(JobMetrics, { timestamps: null, usage: null, bss: null }))).toBe(true);
  });

  it('names malformed fields', () => {
    const bad = (v: unknown) => {
      const r = decode(JobMetrics, v);
      return E.isLeft(r) ? r.left.message : 'Right';
    };
    expect(bad({ usage: { quantum_seconds: '2' } })).toBe(
      'usage.quantum_seconds: expected finite number or null, got "2"',
    );
    expect(bad({ timestamps: { running: 5 } })).toBe(
      'timestamps.running: expected ISO-8601 timestamp or null, got 5',
    );
    expect(bad({ num_qubits: [1, 'a'] })).toBe('num_qubits[1]: expected finite number, got "a"');
    expect(bad([])).toBe('<root>: expected JobMetrics, got an array of length 0');
  });
});
