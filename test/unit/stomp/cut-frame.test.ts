import assert from 'node:assert/strict';

import { decodeAll, frame } from './collect';

describe('a frame cut short before its NUL', function () {
  it('is reported and does not swallow the frame of the next message', function () {
    const events = decodeAll([
      'MESSAGE\ndestination:/t\n\n{"cut":',
      'MESSAGE\ndestination:/t\n\n{"next":1}\0',
    ]);

    assert.deepEqual(events, [
      { kind: 'error', reason: 'missing-nul' },
      frame('MESSAGE', { destination: '/t' }, '{"next":1}'),
    ]);
  });

  it('is reported when its header block never ended', function () {
    const events = decodeAll(['MESSAGE\ndestination:/t\n', 'ERROR\n\n\0']);

    assert.deepEqual(events, [
      { kind: 'error', reason: 'missing-nul' },
      frame('ERROR', {}),
    ]);
  });

  it('still joins a frame whose body continues in the next message', function () {
    const events = decodeAll(['MESSAGE\ndestination:/t\n\n{"a":', '1}\0']);

    assert.deepEqual(events, [
      frame('MESSAGE', { destination: '/t' }, '{"a":1}'),
    ]);
  });

  it('does not cut a body of known length that holds a command line', function () {
    const body = '\nMESSAGE\nx';
    const events = decodeAll([
      `MESSAGE\ncontent-length:${body.length}\n\n\n`,
      `${body.slice(1)}\0`,
    ]);

    assert.deepEqual(events, [
      frame('MESSAGE', { 'content-length': String(body.length) }, body),
    ]);
  });
});
