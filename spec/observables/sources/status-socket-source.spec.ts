import { map, of, tap } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  IBMRuntimeError,
  NetworkError,
  RuntimeJobNotFoundError,
  WebSocketClosedError,
} from '../../../src/codecs/errors.js';
import { isUnknownStatus } from '../../../src/codecs/status.js';
import { jobStatusSocket$ } from '../../../src/observables/sources/status-socket-source.js';
import type { StatusSocketEvent } from '../../../src/observables/sources/status-socket-source.js';

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const frames = {
  a: '{"type":"authenticated"}',
  q: '{"type":"job-status","data":{"status":"QUEUED","infoQueue":{"status":"PENDING_IN_QUEUE","position":3}}}',
  r: '{"type":"job-status","data":{"status":"RUNNING"}}',
  d: '{"type":"job-status","data":{"status":"COMPLETED"}}',
  e: '{"type":"job-status","data":{"status":"ERROR_RUNNING_JOB"}}',
  n: '{"type":"job-status"}',
  u: '{"type":"job-status","data":{"status":"WARPING"}}',
  x: 'not json',
  b: '{"type":"job-status","data":{"status":3}}',
};

/** One letter per event: o open, c closed, R reconnecting, status letters Q R D E, ? unknown. */
function letters(source: Observable<StatusSocketEvent>): Observable<string> {
  return source.pipe(
    map((e) => {
      if (e.kind === 'connection') return { open: 'o', closed: 'c', reconnecting: 'R' }[e.state];
      const s = e.observation.mapped.status;
      return isUnknownStatus(s) ? '?' : s[0]!;
    }),
  );
}

describe('jobStatusSocket$', () => {
  it('authenticates, maps job-status pushes with queue info, and completes after the final one', () => {
    const sent: string[] = [];
    const events: StatusSocketEvent[] = [];
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const socket = cold('-a-q-n-r-d-----|', frames);
      const socket$ = jobStatusSocket$('job1', {
        connect: (input$) => {
          input$.subscribe((f) => sent.push(f));
          return socket;
        },
        token: () => of('secret-token'),
      });
      expectObservable(letters(socket$.pipe(tap((e) => events.push(e))))).toBe('-o-Q---R-(Dc|)');
      // The source closes the socket itself after the final status.
      expectSubscriptions(socket.subscriptions).toBe('^--------!');
    });
    expect(sent).toEqual(['{"type":"authentication","data":"secret-token"}']);
    const queued = events.find((e) => e.kind === 'status');
    expect(queued?.kind === 'status' && queued.observation).toEqual(
      jasmine.objectContaining({ source: 'websocket', queuePosition: 3 }),
    );
    expect(queued?.kind === 'status' && queued.observation.mapped.raw).toBe('QUEUED');
  });

  it('passes unknown statuses on as data and completes with closed when the server closes', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const socket$ = jobStatusSocket$('job1', {
        connect: () => cold('-a-u-r-|', frames),
        token: () => of('t'),
      });
      expectObservable(letters(socket$)).toBe('-o-?-R-(c|)');
    });
  });

  it('ends with RuntimeJobNotFoundError on close 4003, without reconnecting', () => {
    let connections = 0;
    newScheduler().run(({ cold, expectObservable }) => {
      const socket$ = jobStatusSocket$('job404', {
        connect: () => {
          connections += 1;
          return cold('-a-#', frames, new WebSocketClosedError(4003, 'job not found'));
        },
        token: () => of('t'),
      });
      expectObservable(letters(socket$)).toBe(
        '-o-#',
        undefined,
        new RuntimeJobNotFoundError('job404'),
      );
    });
    expect(connections).toBe(1);
  });

  it('reconnects after 4001 and after an unparsable frame, authenticating each time with a fresh token', () => {
    const tokens: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const attempts = [
        cold('-a-q-#', frames, new WebSocketClosedError(4001, 'internal')),
        cold('-a-x', frames),
        cold('-a-r-d', frames),
      ];
      let i = 0;
      let token = 0;
      const socket$ = jobStatusSocket$('job1', {
        connect: (input$) => {
          input$.subscribe((f) => tokens.push(f));
          return attempts[i++]!;
        },
        token: () => of(`token-${++token}`),
      });
      // 4001 at 5: wait 500 ms (count reset by the frames before), reconnect at 505;
      // bad frame at 508: wait 500 ms again, reconnect at 1008; final at 1013.
      expectObservable(letters(socket$)).toBe('-o-Q-R 499ms -o-R 499ms -o-R-(Dc|)');
    });
    expect(tokens.map((t) => JSON.parse(t).data)).toEqual(['token-1', 'token-2', 'token-3']);
  });

  it('fails fast when the websocket cannot be reached at all', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const refused = new NetworkError('Unexpected server response: 404');
      const socket$ = jobStatusSocket$('job1', {
        connect: () => cold('--#', frames, refused),
        token: () => of('t'),
      });
      expectObservable(letters(socket$)).toBe('--#', undefined, refused);
    });
  });

  it('ends with an IBMRuntimeError when the server does not authenticate', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const socket$ = jobStatusSocket$('job1', {
        connect: () => cold('-r', frames),
        token: () => of('t'),
      });
      expectObservable(letters(socket$)).toBe(
        '-#',
        undefined,
        new IBMRuntimeError(
          `Failed to authenticate against the job-status websocket: got ${JSON.stringify(frames.r)}`,
        ),
      );
    });
  });

  it('gives up after five failed reconnects in a row with the last error', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const drop = new WebSocketClosedError(1006, '');
      const socket$ = jobStatusSocket$('job1', {
        connect: () => cold('#', frames, drop),
        token: () => of('t'),
      });
      expectObservable(letters(socket$)).toBe(
        'R 499ms R 999ms R 1999ms R 3999ms R 7999ms #',
        undefined,
        drop,
      );
    });
  });

  it('maps legacy error statuses to a final ERROR', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const socket$ = jobStatusSocket$('job1', {
        connect: () => cold('-a-e', frames),
        token: () => of('t'),
      });
      expectObservable(letters(socket$)).toBe('-o-(Ec|)');
    });
  });

  it('reconnects on a job-status frame whose status is not a string', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const attempts = [cold('-a-b', frames), cold('-a-d', frames)];
      let i = 0;
      const socket$ = jobStatusSocket$('job1', {
        connect: () => attempts[i++]!,
        token: () => of('t'),
      });
      expectObservable(letters(socket$)).toBe('-o-R 499ms -o-(Dc|)');
    });
  });
});
