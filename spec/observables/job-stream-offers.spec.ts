/**
 * `websocket: 'auto'` (the default) in virtual time: a job stream opens the websockets its
 * client's server advertises (`JobApi.offers`), and none when it advertises none, polling
 * alone as it does against IBM Quantum Platform; a socket named explicitly opens whatever was
 * advertised.
 */
import { of } from 'rxjs';
import { NO_WEBSOCKETS } from '../../src/codecs/websocket-offers.js';
import type { WebSocketOffers } from '../../src/codecs/websocket-offers.js';
import { job$ } from '../../src/observables/job-stream.js';
import type { JobStreamOptions } from '../../src/observables/job-stream-options.js';
import {
  details,
  fakeApi,
  frames,
  letters,
  newScheduler,
  options,
} from '../helpers/job-stream-support.js';

/** The stream's events as letters (see `letters`), and which sockets were opened. */
function run(
  offers: WebSocketOffers,
  extra: JobStreamOptions<number> = {},
): { events: string; calls: Record<string, number> } {
  const out: string[] = [];
  let calls: Record<string, number> = {};
  newScheduler().run(({ cold, flush }) => {
    const api = fakeApi({
      details: [cold('-(q|)', details), cold('-(d|)', details)],
      status: [cold('-aR--D', frames)],
      stream: [cold('-1--|', frames)],
      results: [cold('(n|)', { n: '{"n":5}' })],
    });
    calls = api.calls;
    letters(job$({ ...api, offers: () => of(offers) }, 'job1', options(extra))).subscribe({
      next: (letter) => out.push(letter),
      complete: () => out.push('|'),
    });
    flush();
  });
  return { events: out.join(''), calls };
}

describe("job$ with websocket 'auto'", () => {
  it('opens nothing where nothing is advertised, and polls alone', () => {
    const { events, calls } = run(NO_WEBSOCKETS);
    expect(events).toBe('QDr|');
    expect(calls['status']).toBeUndefined();
    expect(calls['stream']).toBeUndefined();
  });

  it('opens only what is advertised', () => {
    const { events, calls } = run({ status: '/v1/jobs/{id}/status/v/1' });
    // o: the job-status socket opens and pushes R; x: it closes after the pushed D.
    expect(events).toBe('oQRxDr|');
    expect(calls['status']).toBe(1);
    expect(calls['stream']).toBeUndefined();
  });

  it('a socket named explicitly opens though nothing is advertised', () => {
    const { calls } = run(NO_WEBSOCKETS, { websocket: 'stream' });
    expect(calls['stream']).toBe(1);
    expect(calls['status']).toBeUndefined();
  });
});
