/**
 * The websocket advertisement of `GET /v1/versions`: the local runtime's `websockets` field,
 * and IBM's answer, which has none (quantum.cloud.ibm.com/docs/api/qiskit-runtime-rest/tags/versions:
 * `{ versions: [...] }` only).
 */
import { NO_WEBSOCKETS, webSocketOffersOf } from '../../src/codecs/websocket-offers.js';

describe('webSocketOffersOf', () => {
  it('reads the paths of the protocols a server advertises', () => {
    expect(
      webSocketOffersOf({
        versions: [],
        websockets: { stream: '/v1/stream/jobs/{id}', status: '/v1/jobs/{id}/status/v/1' },
      }),
    ).toEqual({ stream: '/v1/stream/jobs/{id}', status: '/v1/jobs/{id}/status/v/1' });
    expect(webSocketOffersOf({ websockets: { stream: '/s', other: '/o' } })).toEqual({
      stream: '/s',
    });
  });

  it("IBM's answer, and anything that is not an object of paths, advertises nothing", () => {
    const ibm = {
      versions: [
        { version: '2026-03-15', sunset_date: '2027-03-15', status: 'deprecated' },
        { version: '2026-04-15', status: 'live' },
      ],
    };
    for (const body of [
      ibm,
      null,
      'x',
      { websockets: ['stream'] },
      { websockets: { status: 1 } },
      { websockets: { stream: '' } },
    ]) {
      expect(webSocketOffersOf(body)).withContext(JSON.stringify(body)).toEqual(NO_WEBSOCKETS);
    }
  });
});
