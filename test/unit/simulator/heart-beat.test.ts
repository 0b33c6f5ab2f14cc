import assert from 'node:assert/strict';

import { negotiateHeartBeat } from '../../../src/simulator/heart-beat';

describe('simulator heart-beat negotiation', () => {
  it('runs each direction at the larger of the two values', () => {
    const plan = negotiateHeartBeat('4000,15000', [10000, 10000]);

    assert.deepEqual(plan, { sendEveryMs: 15000, expectEveryMs: 10000 });
  });

  it('turns a direction off when either side says 0', () => {
    const plan = negotiateHeartBeat('0,5000', [10000, 0]);

    assert.deepEqual(plan, { sendEveryMs: 10000, expectEveryMs: 0 });
  });

  it('treats a missing or malformed header as 0,0', () => {
    assert.deepEqual(negotiateHeartBeat(undefined, [10000, 10000]), {
      sendEveryMs: 0,
      expectEveryMs: 0,
    });
    assert.deepEqual(negotiateHeartBeat('ten,twenty', [10000, 10000]), {
      sendEveryMs: 0,
      expectEveryMs: 0,
    });
  });
});
