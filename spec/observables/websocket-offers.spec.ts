/**
 * Which websockets a job client opens: the server's advertisement (`GET /versions`, its
 * `websockets` field) read once per HTTP client and kept, and the job-status socket, whose
 * first frame carries the bearer token, never opened on a server that does not advertise it.
 */
import type { Observable } from 'rxjs';
import { EMPTY, defer, firstValueFrom, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { ConfigError, IBMApiError, NetworkError } from '../../src/codecs/errors.js';
import { NO_WEBSOCKETS } from '../../src/codecs/websocket-offers.js';
import { advertisedOffers, jobApiOf } from '../../src/observables/job-client.js';
import type { JobHttp } from '../../src/observables/job-client.js';
import type { HttpRequest, HttpResponse } from '../../src/transport/http-client.js';

/** An HTTP client whose `GET /versions` answers come from `answers`, in order. */
function fakeHttp(answers: (() => Observable<HttpResponse>)[]): JobHttp & { asked: number } {
  const http = {
    asked: 0,
    baseUrl: 'https://runtime.example/api/v1',
    request: (req: HttpRequest): Observable<HttpResponse> =>
      defer(() => {
        expect(`${req.method} ${req.path}`).toBe('GET /versions');
        const answer = answers[Math.min(http.asked, answers.length - 1)]!;
        http.asked++;
        return answer();
      }),
    getJson: () => EMPTY,
    getText: () => EMPTY,
    authorization: () => of('Bearer secret-token'),
  };
  return http as unknown as JobHttp & { asked: number };
}

const answer = (body: unknown) => (): Observable<HttpResponse> =>
  of({ status: 200, headers: new Headers(), text: JSON.stringify(body), body });

describe('websocket offers', () => {
  it('are read once per HTTP client, concurrent readers sharing one request', async () => {
    const http = fakeHttp([answer({ versions: [], websockets: { stream: '/s' } })]);
    const offers$ = advertisedOffers(http);
    const both = await Promise.all([firstValueFrom(offers$), firstValueFrom(offers$)]);
    expect(both).toEqual([{ stream: '/s' }, { stream: '/s' }]);
    expect(await firstValueFrom(advertisedOffers(http))).toEqual({ stream: '/s' });
    expect(http.asked).toBe(1);
  });

  it('a refusal (404) offers none for good; a failed connection offers none and is asked again', async () => {
    const refused = fakeHttp([
      () => throwError(() => new IBMApiError({ status: 404, message: 'no such endpoint' })),
    ]);
    expect(await firstValueFrom(advertisedOffers(refused))).toEqual(NO_WEBSOCKETS);
    expect(await firstValueFrom(advertisedOffers(refused))).toEqual(NO_WEBSOCKETS);
    expect(refused.asked).toBe(1);

    const flaky = fakeHttp([
      () => throwError(() => new NetworkError('ECONNRESET')),
      answer({ versions: [], websockets: { status: '/st' } }),
    ]);
    expect(await firstValueFrom(advertisedOffers(flaky))).toEqual(NO_WEBSOCKETS);
    expect(await firstValueFrom(advertisedOffers(flaky))).toEqual({ status: '/st' });
    expect(flaky.asked).toBe(2);
  });

  it('the job-status socket is refused, before any frame is made, where it is not advertised', async () => {
    const http = fakeHttp([answer({ versions: [] })]);
    let framesAsked = 0;
    const frames$ = defer(() => {
      framesAsked++;
      return of('{"type":"authentication","data":"secret-token"}');
    });
    const socketsOpened: string[] = [];
    const api = jobApiOf({
      http,
      webSocketFactory: (url) => {
        socketsOpened.push(url);
        throw new Error('not in this spec');
      },
    });
    const error = await lastValueFrom(api.statusSocket('job-1', frames$).pipe(toArray())).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'runtime.example does not advertise the job-status socket, and its first frame would carry the bearer token: not opened',
    );
    expect(framesAsked).toBe(0);
    expect(socketsOpened).toEqual([]);
  });

  it('offers given by the client are used as they are: none asked', async () => {
    const http = fakeHttp([answer({ versions: [], websockets: { stream: '/s', status: '/t' } })]);
    const api = jobApiOf({ http, webSocketOffers: of(NO_WEBSOCKETS) });
    expect(await firstValueFrom(api.offers!())).toEqual(NO_WEBSOCKETS);
    expect(http.asked).toBe(0);
  });
});
