import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fetchServerConfig, nextConfigRetryDelayMs } from '../../../widget/server-config.ts';

const config = { allowedOrigins: ['https://crm.example'], branding: {} };
const answer = (status: number, body: unknown = config) => new Response(JSON.stringify(body), { status });

describe('widget server config', () => {
  it('retries failed fetches and answers once the server does', async () => {
    const outcomes: (() => Response)[] = [
      () => {
        throw new TypeError('Failed to fetch');
      },
      () => answer(503),
      () => answer(200),
    ];
    const delays: number[] = [];
    const got = await fetchServerConfig(
      '/api/widget-config',
      ({ retryCount }) => (delays.push(retryCount), 1),
      (async () => outcomes.shift()!()) as unknown as typeof fetch,
    );
    assert.deepEqual(got, config);
    assert.deepEqual(delays, [0, 1]);
    assert.equal(outcomes.length, 0);
  });

  it('gives up when the policy says so, with the last error', async () => {
    let calls = 0;
    const failing = (async () => (calls++, answer(500))) as unknown as typeof fetch;
    await assert.rejects(
      fetchServerConfig('/api/widget-config', ({ retryCount }) => (retryCount < 2 ? 1 : null), failing),
      /answered 500/,
    );
    assert.equal(calls, 3);
  });

  it('backs off exponentially, with jitter, up to a cap, and is bounded', () => {
    const delays = Array.from({ length: 20 }, (_, retryCount) => nextConfigRetryDelayMs({ retryCount }));
    const given = delays.filter((d): d is number => d !== null);
    assert.ok(given.length >= 3 && given.length < 20, `${given.length} retries`);
    assert.ok(delays.slice(given.length).every((d) => d === null));
    assert.ok(given[0] >= 150 && given[0] <= 400, `first ${given[0]} ms`);
    assert.ok(given[2] > given[0], 'grows');
    assert.ok(given.every((d) => d <= 5_000 * 1.25), 'capped');
    const total = given.reduce((a, b) => a + b, 0);
    assert.ok(total < 60_000, `gives up within a minute (${total} ms)`);
  });
});
