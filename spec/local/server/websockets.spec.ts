import type { WebSocket } from 'ws';
import { decodeResultOrThrow } from '../../../src/codecs/results.js';
import { decodeLegacyServerMessage, STREAM_ACK_FRAME } from '../../../src/codecs/ws-messages.js';
import { startLocalRuntime, type LocalRuntime } from '../../../src/local/index.js';
import { api, BELL, collectWs, createJob, samplerJob, waitForStatus } from './support.js';
import { trackLeaks, type LeakTracker } from '../../helpers/leaks.js';

function legacy(rt: LocalRuntime, id: string, token = rt.token): ReturnType<typeof collectWs> {
  return collectWs(`${rt.wsUrl}/v1/jobs/${id}/status/v/1`, {
    onOpen: (ws) => ws.send(JSON.stringify({ type: 'authentication', data: token })),
  });
}

function statuses(messages: readonly string[]): string[] {
  return messages.slice(1).map((m) => JSON.parse(m).data.status);
}

describe('local runtime websockets', () => {
  let rt: LocalRuntime;
  let leaks: LeakTracker;
  beforeEach(async () => {
    leaks = trackLeaks();
    rt = await startLocalRuntime({ port: 0, queue: { queueDelayMs: 100, runDelayMs: 100 } });
  });
  afterEach(async () => {
    await rt.close();
    await leaks.expectNone();
  });

  describe('result stream /stream/jobs/{id}', () => {
    it('sends the ack, each interim result, the final result, then closes 1000', async () => {
      const id = await createJob(
        rt,
        samplerJob([
          [BELL, null, 8],
          [BELL, null, 8],
        ]),
      );
      const t = await collectWs(`${rt.wsUrl}/v1/stream/jobs/${id}`, {
        headers: { Authorization: `Bearer ${rt.token}` },
      });
      expect(t.code).toBe(1000);
      expect(t.messages[0]).toBe(STREAM_ACK_FRAME);
      expect(t.messages.length).toBe(4);
      expect(decodeResultOrThrow(t.messages[1]!).length).toBe(1);
      expect(decodeResultOrThrow(t.messages[2]!).length).toBe(2);
      const final = (await api(rt, 'GET', `/v1/jobs/${id}/results`)).text;
      expect(t.messages[3]).toBe(final);
    });

    it('accepts the token as access_token query parameter and serves a finished job at once', async () => {
      const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
      await waitForStatus(rt, id);
      const t = await collectWs(`${rt.wsUrl}/v1/stream/jobs/${id}?access_token=${rt.token}`);
      expect(t.code).toBe(1000);
      expect(t.messages.length).toBe(3);
      // The same endpoint without the /v1 prefix.
      const bare = await collectWs(`${rt.wsUrl}/stream/jobs/${id}?access_token=${rt.token}`);
      expect(bare.messages).toEqual(t.messages);
    });

    it('closes 4003 for an unknown job and refuses the upgrade with 401 without credentials', async () => {
      const unknown = await collectWs(
        `${rt.wsUrl}/v1/stream/jobs/aaaaaaaaaaaaaaaaaaaa?access_token=${rt.token}`,
      );
      expect(unknown.code).toBe(4003);
      expect(unknown.messages).toEqual([]);
      const invalid = await collectWs(`${rt.wsUrl}/v1/stream/jobs/..%2Fx?access_token=${rt.token}`);
      expect(invalid.code).toBe(4003);
      await expectAsync(
        collectWs(`${rt.wsUrl}/v1/stream/jobs/aaaaaaaaaaaaaaaaaaaa`),
      ).toBeRejectedWithError(/HTTP 401/);
      await expectAsync(
        collectWs(`${rt.wsUrl}/v1/stream/jobs/aaaaaaaaaaaaaaaaaaaa`, {
          headers: { Authorization: 'Bearer nope' },
        }),
      ).toBeRejectedWithError(/HTTP 401/);
      await expectAsync(collectWs(`${rt.wsUrl}/v1/elsewhere`)).toBeRejectedWithError(/HTTP 404/);
    });
  });

  describe('legacy job-status /jobs/{id}/status/v/1', () => {
    it('answers authenticated, then every transition in order, then closes 4002', async () => {
      const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
      const t = await legacy(rt, id);
      expect(t.code).toBe(4002);
      expect(JSON.parse(t.messages[0]!)).toEqual({ type: 'authenticated' });
      for (const m of t.messages) expect(decodeLegacyServerMessage(m)._tag).toBe('Right');
      expect(statuses(t.messages)).toEqual(['QUEUED', 'RUNNING', 'COMPLETED']);
      const queued = JSON.parse(t.messages[1]!).data;
      expect(queued.infoQueue.status).toBe('PENDING_IN_QUEUE');
      expect(queued.infoQueue.position).toBe(1);
    });

    it('maps cancelled and failed jobs to the legacy vocabulary', async () => {
      await rt.close();
      rt = await startLocalRuntime({ port: 0, queue: { runDelayMs: 5000 } });
      const cancelled = await createJob(rt, samplerJob([[BELL, null, 8]]));
      const watching = legacy(rt, cancelled);
      await waitForStatus(rt, cancelled, ['Running']);
      await api(rt, 'POST', `/v1/jobs/${cancelled}/cancel`);
      const t = await watching;
      expect(statuses(t.messages)).toEqual(['RUNNING', 'CANCELLED']);
      expect(t.code).toBe(4002);

      const tooLong = await createJob(rt, samplerJob([[BELL, null, 8]], { cost: 1 }));
      const t2 = await legacy(rt, tooLong);
      const last = JSON.parse(t2.messages[t2.messages.length - 1]!).data;
      expect(last.status).toBe('ERROR_RUNNING_JOB');
      expect(last.error.code).toBe(1305);
    });

    it('closes 4003 for an unknown job after authenticating', async () => {
      const t = await legacy(rt, 'aaaaaaaaaaaaaaaaaaaa');
      expect(t.messages).toEqual(['{"type":"authenticated"}']);
      expect(t.code).toBe(4003);
    });

    it('closes 1008 for a wrong token or a first frame that is not an authentication message', async () => {
      const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
      const wrong = await legacy(rt, id, 'not-the-token');
      expect(wrong.code).toBe(1008);
      expect(wrong.messages).toEqual([]);
      expect(wrong.reason).toContain('authentication failed');
      const garbage = await collectWs(`${rt.wsUrl}/v1/jobs/${id}/status/v/1`, {
        onOpen: (ws) => ws.send('hello'),
      });
      expect(garbage.code).toBe(1008);
      expect(garbage.reason).toContain('expected an authentication message');
    });

    it('accepts IAM tokens for in-band authentication', async () => {
      const res = await fetch(`${rt.iamUrl}/identity/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=${rt.token}`,
      });
      const { access_token } = (await res.json()) as { access_token: string };
      const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
      const t = await legacy(rt, id, access_token);
      expect(t.code).toBe(4002);
    });

    it('enforces the frame size limit (1009)', async () => {
      await rt.close();
      rt = await startLocalRuntime({ port: 0, limits: { maxWebSocketFrameBytes: 256 } });
      const id = await createJob(rt, samplerJob([[BELL, null, 8]]));
      const t = await collectWs(`${rt.wsUrl}/v1/jobs/${id}/status/v/1`, {
        onOpen: (ws: WebSocket) =>
          ws.send(JSON.stringify({ type: 'authentication', data: 'x'.repeat(1000) })),
      });
      expect(t.code).toBe(1009);
    });
  });
});
