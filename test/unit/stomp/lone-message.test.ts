import assert from 'node:assert/strict';

import fc from 'fast-check';

import { encodeFrame, FrameDecoder, type StompFrame } from '../../../src/stomp';
import { collect, decodeAll, frame } from './collect';

/** Decodes one message as it arrives whole, and one byte at a time. */
function wholeAndTrickled(raw: Buffer): [unknown, unknown] {
  const whole = collect();
  whole.decoder.push(raw);

  const trickled = collect();
  for (let i = 0; i < raw.length; i++) {
    trickled.decoder.push(raw.subarray(i, i + 1));
  }
  return [whole.events, trickled.events];
}

function firstFrame(raw: Buffer | string): StompFrame {
  const frames: StompFrame[] = [];
  const decoder = new FrameDecoder({
    onFrame: (decoded) => frames.push(decoded),
    onError: (error) => assert.fail(error.message),
  });

  decoder.push(raw);
  return frames[0];
}

const asciiText = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', '-', ':', ' ', '/', '{', '"', '\\'),
  maxLength: 16,
});

describe('a MESSAGE alone in one WebSocket message', function () {
  it('reads headers and body as the general path does, for any ASCII frame', function () {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(asciiText, asciiText), { maxLength: 6 }),
        asciiText,
        fc.boolean(),
        (pairs, body, withLength) => {
          const headers = Object.fromEntries(
            pairs.filter(([name]) => name !== '' && name !== 'content-length'),
          );
          let raw = encodeFrame({ command: 'MESSAGE', headers, body });
          if (!withLength) {
            raw = Buffer.from(
              raw.toString('latin1').replace(/content-length:\d+\n/, ''),
              'latin1',
            );
          }

          const [whole, trickled] = wholeAndTrickled(raw);
          assert.deepEqual(whole, trickled);
        },
      ),
    );
  });

  it('offers the body as text without decoding it again', function () {
    const raw = encodeFrame({
      command: 'MESSAGE',
      headers: { destination: '/topic/change/org', subscription: 's' },
      body: '{"entity":"CAMERA"}',
    });

    const decoded = firstFrame(raw);

    assert.equal(decoded.bodyText, '{"entity":"CAMERA"}');
    assert.equal(decoded.body.toString('utf8'), '{"entity":"CAMERA"}');
  });

  it('keeps the first of repeated headers', function () {
    const decoded = firstFrame(
      'MESSAGE\nsubscription:first\nsubscription:second\n\n{}\0',
    );

    assert.equal(decoded.headers.subscription, 'first');
  });

  it('keeps a header named __proto__ as a header', function () {
    const decoded = firstFrame('MESSAGE\n__proto__:x\n\n{}\0');

    assert.equal(Object.getPrototypeOf(decoded.headers), Object.prototype);
    assert.equal(decoded.headers.__proto__, 'x');
  });

  it('honours a content-length whose body holds a NUL', function () {
    const decoded = firstFrame('MESSAGE\ncontent-length:3\n\na\0b\0');

    assert.deepEqual([...decoded.body], [0x61, 0x00, 0x62]);
  });

  for (const [name, raw, reason] of [
    ['a header line without a colon', 'MESSAGE\nbroken\n\n{}\0', 'bad-header'],
    [
      'a content-length that misses the NUL',
      'MESSAGE\ncontent-length:1\n\n{}\0',
      'missing-nul',
    ],
  ] as const) {
    it(`leaves ${name} to the general path, which reports it`, function () {
      const decoded = decodeAll([raw]);

      assert.deepEqual(
        decoded.filter((event) => event.kind === 'error'),
        [{ kind: 'error', reason }],
      );
    });
  }

  it('decodes a frame with non-ASCII text through the general path', function () {
    const raw = encodeFrame({
      command: 'MESSAGE',
      headers: { name: 'Café' },
      body: '{"name":"Café"}',
    });

    assert.deepEqual(decodeAll([raw]), [
      frame(
        'MESSAGE',
        { name: 'Café', 'content-length': '16' },
        '{"name":"Café"}',
      ),
    ]);
  });
});
