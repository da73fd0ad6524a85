import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../src/codecs/decode.js';
import { VersionsResponse, latestLiveVersion } from '../../src/codecs/versions.js';

describe('VersionsResponse', () => {
  const body = {
    versions: [
      { version: '2024-01-01', status: 'deprecated', sunset_date: '2026-12-31' },
      { version: '2026-03-15', status: 'live' },
      { version: '2025-05-01', status: 'live' },
      { version: '2026-04-01', status: 'beta' },
    ],
  };

  it('decodes versions, tolerating unknown statuses', () => {
    const r = decode(VersionsResponse, body);
    expect(E.isRight(r) && r.right.versions.length).toBe(4);
    expect(E.isRight(r) && latestLiveVersion(r.right)).toBe('2026-03-15');
  });

  it('names bad entries', () => {
    const r = decode(VersionsResponse, { versions: [{ version: 20240101, status: 'live' }] });
    expect(E.isLeft(r) && r.left.message).toBe(
      'versions[0].version: expected string, got 20240101',
    );
  });

  it('has no latest live version when none is live', () => {
    expect(
      latestLiveVersion({ versions: [{ version: '2024-01-01', status: 'deprecated' }] }),
    ).toBeUndefined();
  });
});
