import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../src/codecs/decode.js';
import {
  BackendConfiguration,
  BackendsResponse,
  backendNamesOf,
  backendStatusFromResponse,
  configurationName,
  configurationQubits,
  decodeBackendStatus,
  deviceStatusName,
} from '../../src/codecs/backends.js';

const messageOf = (r: E.Either<{ message: string }, unknown>): string =>
  E.isLeft(r) ? r.left.message : 'Right';

describe('BackendsResponse', () => {
  it('decodes device objects and plain names', () => {
    const r = decode(BackendsResponse, {
      devices: [
        'ibm_old',
        {
          name: 'ibm_fez',
          status: { name: 'online', reason: null },
          is_simulator: false,
          qubits: 156,
          queue_length: 12,
          processor_type: { family: 'Heron', revision: 2 },
          clops: { type: 'hardware', value: 195000 },
        },
        { name: 'local_sim', status: 'online', is_simulator: true },
      ],
    });
    if (E.isLeft(r)) return fail(r.left.message);
    expect(backendNamesOf(r.right)).toEqual(['ibm_old', 'ibm_fez', 'local_sim']);
    const [, fez, sim] = r.right.devices;
    expect(typeof fez !== 'string' && deviceStatusName(fez!)).toBe('online');
    expect(typeof sim !== 'string' && deviceStatusName(sim!)).toBe('online');
    expect(deviceStatusName({ name: 'x' })).toBeUndefined();
  });

  it('names a malformed device', () => {
    expect(messageOf(decode(BackendsResponse, { devices: [{ name: 'a', qubits: -1 }] }))).toBe(
      'devices[0].qubits: expected non-negative integer or null, got -1',
    );
    expect(messageOf(decode(BackendsResponse, { devices: [{ qubits: 5 }] }))).toBe(
      'devices[0].name: expected string, got undefined',
    );
    expect(messageOf(decode(BackendsResponse, { devices: 'ibm_torino' }))).toBe(
      'devices: expected Array<backend name or device> or absent, got "ibm_torino"',
    );
    // devices is Option<> in crates/ibm-quantum-platform-api/src/models/backends_response_v2.rs.
    expect(E.isRight(decode(BackendsResponse, {}))).toBeTrue();
  });
});

describe('BackendConfiguration', () => {
  it('accepts either naming of name and width', () => {
    const a = decode(BackendConfiguration, {
      backend_name: 'ibm_fez',
      n_qubits: 156,
      basis_gates: ['cz', 'rz', 'sx', 'x'],
      coupling_map: [
        [0, 1],
        [1, 0],
      ],
      simulator: false,
      max_shots: 100000,
    });
    if (E.isLeft(a)) return fail(a.left.message);
    expect(configurationName(a.right)).toBe('ibm_fez');
    expect(configurationQubits(a.right)).toBe(156);
    const b = decode(BackendConfiguration, { name: 'sim', num_qubits: 20, simulator: true });
    expect(E.isRight(b) && [configurationName(b.right), configurationQubits(b.right)]).toEqual([
      'sim',
      20,
    ]);
  });

  it('requires a name and a width, and reports bad fields by path', () => {
    expect(messageOf(decode(BackendConfiguration, { n_qubits: 5 }))).toBe(
      'backend_name: expected string (or "name"), got undefined',
    );
    expect(messageOf(decode(BackendConfiguration, { backend_name: 'x' }))).toBe(
      'n_qubits: expected non-negative integer (or "num_qubits"), got undefined',
    );
    expect(
      messageOf(
        decode(BackendConfiguration, { backend_name: 'x', n_qubits: 2, basis_gates: ['cz', 3] }),
      ),
    ).toBe('basis_gates[1]: expected string, got 3');
    expect(
      messageOf(
        decode(BackendConfiguration, { backend_name: 'x', n_qubits: 2, coupling_map: [[0, -1]] }),
      ),
    ).toBe('coupling_map[0][1]: expected non-negative integer, got -1');
  });
});

describe('backend status', () => {
  it('presents the endpoint answer like qiskit-ibm-runtime', () => {
    expect(
      backendStatusFromResponse('ibm_fez', {
        state: true,
        status: 'active',
        message: 'ok',
        length_queue: 7,
      }),
    ).toEqual({
      backend_name: 'ibm_fez',
      backend_version: '0.0.0',
      status_msg: 'active',
      operational: true,
      pending_jobs: 7,
    });
    expect(backendStatusFromResponse('x', { length_queue: -3, backend_version: '1.2.3' })).toEqual({
      backend_name: 'x',
      backend_version: '1.2.3',
      status_msg: '',
      operational: false,
      pending_jobs: 0,
    });
  });

  it('decodes either form', () => {
    const wire = decodeBackendStatus('b', { state: false, status: 'maintenance', length_queue: 0 });
    expect(E.isRight(wire) && wire.right.operational).toBe(false);
    const presented = decodeBackendStatus('b', {
      backend_name: 'b',
      operational: true,
      pending_jobs: 1,
      status_msg: 'active',
    });
    expect(E.isRight(presented) && presented.right.pending_jobs).toBe(1);
    expect(messageOf(decodeBackendStatus('b', { state: 'yes' }))).toBe(
      'state: expected boolean or null, got "yes"',
    );
  });
});
