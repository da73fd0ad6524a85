import {
  MAX_ERROR_BODY_CHARS,
  apiErrorFromResponse,
  decodeApiErrorBody,
  encodeErrorBody,
  httpStatusText,
  parseRetryAfter,
} from '../../src/codecs/api-error.js';
import { IBMApiError } from '../../src/codecs/errors.js';

describe('apiErrorFromResponse', () => {
  it('reads the current error shape', () => {
    const bodyText = JSON.stringify({
      errors: [
        {
          code: 1352,
          message: 'Open plan cannot create sessions',
          solution: 'Upgrade',
          more_info: 'https://cloud.ibm.com/apidocs/quantum-computing#error-handling',
        },
        { code: '1204', message: 'Too many tags' },
      ],
      trace: 'abc-123',
    });
    const err = apiErrorFromResponse({
      status: 403,
      bodyText,
      method: 'POST',
      url: '/v1/sessions',
    });
    expect(err).toBeInstanceOf(IBMApiError);
    expect(err._tag).toBe('IBMApiError');
    expect(err.status).toBe(403);
    expect(err.code).toBe(1352);
    expect(err.solution).toBe('Upgrade');
    expect(err.moreInfo).toBe('https://cloud.ibm.com/apidocs/quantum-computing#error-handling');
    expect(err.trace).toBe('abc-123');
    expect(err.details.length).toBe(2);
    expect(err.details[1]).toEqual({ code: 1204, message: 'Too many tags' });
    expect(err.body).toBeUndefined();
    expect(err.message).toBe(
      'POST /v1/sessions: HTTP 403 (code 1352): Open plan cannot create sessions',
    );
  });

  it('falls back to the title when errors is empty, keeping the body', () => {
    const err = apiErrorFromResponse({
      status: 404,
      bodyText: '{"errors":[],"title":"Nothing here"}',
    });
    expect(err.message).toBe('HTTP 404: Nothing here');
    expect(err.body).toBe('{"errors":[],"title":"Nothing here"}');
  });

  it('reads the legacy shape, using name when there is no code', () => {
    const err = apiErrorFromResponse({
      status: 400,
      bodyText: '{"error":{"code":3250,"message":"Job not found","status":400}}',
    });
    expect(err.code).toBe(3250);
    expect(err.message).toBe('HTTP 400 (code 3250): Job not found');
    const named = apiErrorFromResponse({
      status: 401,
      bodyText: '{"error":{"name":"X_REQUIRED"}}',
    });
    expect(named.code).toBe('X_REQUIRED');
    expect(named.message).toBe('HTTP 401 (code X_REQUIRED): X_REQUIRED');
    expect(apiErrorFromResponse({ status: 400, bodyText: '{"error":"plain words"}' }).message).toBe(
      'HTTP 400: plain words',
    );
  });

  it('keeps non-JSON bodies as truncated text and uses the status text', () => {
    const html = `<html><body>${'x'.repeat(5000)}</body></html>`;
    const err = apiErrorFromResponse({ status: 403, bodyText: html });
    expect(err.message).toBe('HTTP 403: Forbidden');
    expect(err.body!.length).toBe(MAX_ERROR_BODY_CHARS + 3);
    expect(err.body!.startsWith('<html><body>xxx')).toBe(true);
    const text = apiErrorFromResponse({ status: 502, bodyText: 'upstream\nconnect error' });
    expect(text.message).toBe('HTTP 502: Bad Gateway: upstream connect error');
    expect(text.body).toBe('upstream\nconnect error');
  });

  it('handles empty and odd JSON bodies', () => {
    const empty = apiErrorFromResponse({ status: 503, bodyText: '' });
    expect(empty.message).toBe('HTTP 503: Service Unavailable');
    expect(empty.body).toBeUndefined();
    expect(apiErrorFromResponse({ status: 418, bodyText: '   ' }).message).toBe(
      'HTTP 418: HTTP error',
    );
    expect(apiErrorFromResponse({ status: 400, bodyText: '{"detail":"bad field"}' }).message).toBe(
      'HTTP 400: bad field',
    );
    expect(apiErrorFromResponse({ status: 400, bodyText: 'null' }).message).toBe(
      'HTTP 400: Bad Request',
    );
    expect(apiErrorFromResponse({ status: 400, bodyText: '[1,2]' }).body).toBe('[1,2]');
    expect(apiErrorFromResponse({ status: 400, bodyText: '{"errors":"nope"}' }).message).toBe(
      'HTTP 400: Bad Request',
    );
  });

  it('never throws, even for a body that is not a string', () => {
    const err = apiErrorFromResponse({ status: 500, bodyText: undefined as unknown as string });
    expect(err.message).toBe('HTTP 500: Internal Server Error');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(
      apiErrorFromResponse({ status: 429, bodyText: '', retryAfterHeader: '120' })
        .retryAfterSeconds,
    ).toBe(120);
    const now = new Date('2025-01-01T00:00:00Z');
    const later = apiErrorFromResponse({
      status: 429,
      bodyText: '',
      retryAfterHeader: 'Wed, 01 Jan 2025 00:01:30 GMT',
      now,
    });
    expect(later.retryAfterSeconds).toBe(90);
    expect(apiErrorFromResponse({ status: 429, bodyText: '' }).retryAfterSeconds).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2025-01-01T00:00:00Z');
  it('parses seconds, dates, past dates and rejects junk', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1.5);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('encodeErrorBody', () => {
  it('writes the current shape and reads back the same fields', () => {
    const text = encodeErrorBody(
      { code: 1291, message: 'Job not found', solution: 'Check the id', moreInfo: 'u' },
      't1',
    );
    expect(JSON.parse(text)).toEqual({
      errors: [{ code: 1291, message: 'Job not found', solution: 'Check the id', more_info: 'u' }],
      trace: 't1',
    });
    const back = decodeApiErrorBody(404, text);
    expect(back).toEqual(
      jasmine.objectContaining({
        code: 1291,
        message: 'Job not found',
        solution: 'Check the id',
        moreInfo: 'u',
        trace: 't1',
      }),
    );
    expect(JSON.parse(encodeErrorBody({ code: 'X', message: 'm' }, ''))).toEqual({
      errors: [{ code: 'X', message: 'm' }],
      trace: '',
    });
  });
});

describe('httpStatusText', () => {
  it('names common statuses', () => {
    expect(httpStatusText(404)).toBe('Not Found');
    expect(httpStatusText(429)).toBe('Too Many Requests');
    expect(httpStatusText(599)).toBe('HTTP error');
  });
});
