import assert from 'node:assert/strict';

import { parseRetryAfter } from '../../../src/rhombus/retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('30', now), 30_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
  });

  it('reads an HTTP-date as the time left until it', () => {
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:12 GMT', now), 12_000);
  });

  it('reads an HTTP-date in the past as no wait', () => {
    assert.equal(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now), 0);
  });

  it('gives undefined for absent or unreadable values', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1.5']) {
      assert.equal(parseRetryAfter(value, now), undefined, String(value));
    }
  });
});
