import assert from 'node:assert/strict';

import fc from 'fast-check';

import {
  encodeFrame,
  STOMP_COMMANDS,
  UNESCAPED_COMMANDS,
  type OutgoingFrame,
} from '../../../src/stomp';
import {
  collect,
  decodeAll,
  type Decoded,
  frame,
  HEART_BEAT_EVENT,
} from './collect';

const MAX_FRAME_BYTES = 4096;

/** Characters that exercise escaping, line ends and multi-byte UTF-8. */
const tricky = fc.constantFrom(':', '\n', '\r', '\\', 'c', 'n', 'é', '€', '😀');
const headerText = fc.string({
  unit: fc.oneof(
    tricky,
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});

/** Header text a frame of `command` can carry; NUL never can. */
function fits(command: string, name: string, value: string): boolean {
  if (name === '' || name === 'content-length') return false;
  if (`${name}${value}`.includes('\0')) return false;
  if (!UNESCAPED_COMMANDS.has(command)) return true;
  return !/[\n\r:]/.test(name) && !/[\n\r]/.test(value);
}

const outgoingFrame: fc.Arbitrary<OutgoingFrame & { body: Buffer }> = fc
  .record({
    command: fc.constantFrom(...STOMP_COMMANDS),
    pairs: fc.array(fc.tuple(headerText, headerText), { maxLength: 6 }),
    body: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  })
  .map(({ command, pairs, body }) => {
    const fitting = pairs.filter(([name, value]) => fits(command, name, value));

    return { command, headers: Object.fromEntries(fitting), body };
  });

/** What decoding the encoded frame must give back. */
function expected(sent: OutgoingFrame & { body: Buffer }): Decoded {
  const headers: Record<string, string> = { ...sent.headers };

  if (sent.body.length > 0)
    headers['content-length'] = String(sent.body.length);
  return frame(sent.command, headers, sent.body);
}

const heartBeat = fc.constantFrom('\n', '\r\n');

/** Frames with heart-beats before, between and after them. */
const stream = fc.array(
  fc.tuple(fc.array(heartBeat, { maxLength: 2 }), outgoingFrame),
  { minLength: 1, maxLength: 5 },
);

function cutInto(raw: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (raw.length + 1)))].sort(
    (a, b) => a - b,
  );
  const chunks: Buffer[] = [];
  let from = 0;

  for (const point of points) {
    chunks.push(raw.subarray(from, point));
    from = point;
  }
  chunks.push(raw.subarray(from));
  return chunks;
}

describe('codec properties', () => {
  it('any frame survives encode then decode', () => {
    fc.assert(
      fc.property(outgoingFrame, (sent) => {
        assert.deepEqual(decodeAll([encodeFrame(sent)]), [expected(sent)]);
      }),
    );
  });

  it('frames and heart-beats survive any chunking', () => {
    fc.assert(
      fc.property(
        stream,
        fc.array(fc.nat(), { maxLength: 12 }),
        (items, cuts) => {
          const parts: Buffer[] = [];
          const events: Decoded[] = [];

          for (const [beats, sent] of items) {
            for (const beat of beats) {
              parts.push(Buffer.from(beat));
              events.push(HEART_BEAT_EVENT);
            }
            parts.push(encodeFrame(sent));
            events.push(expected(sent));
          }

          const raw = Buffer.concat(parts);

          assert.deepEqual(decodeAll(cutInto(raw, cuts)), events);
        },
      ),
    );
  });

  it('never throws and holds at most maxFrameBytes, whatever arrives', () => {
    const bytes = fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b));

    fc.assert(
      fc.property(fc.array(bytes, { maxLength: 12 }), (chunks) => {
        const { decoder } = collect({ maxFrameBytes: 256, maxHeaderBytes: 64 });

        for (const chunk of chunks) {
          decoder.push(chunk);
          assert.ok(decoder.bufferedBytes <= 256);
        }
      }),
    );
  });

  it('finds the next frame after garbage ended by a NUL', () => {
    // Garbage without NUL or colon cannot announce a content-length, so the
    // NUL that follows it always ends whatever the garbage began.
    const garbage = fc
      .uint8Array({ maxLength: 200 })
      .map((b) => Buffer.from(b.filter((byte) => byte !== 0 && byte !== 0x3a)));

    fc.assert(
      fc.property(garbage, outgoingFrame, fc.nat(), (junk, sent, cut) => {
        const raw = Buffer.concat([junk, Buffer.from([0]), encodeFrame(sent)]);
        const events = decodeAll(cutInto(raw, [cut]), {
          maxFrameBytes: MAX_FRAME_BYTES,
        });

        assert.deepEqual(events.at(-1), expected(sent));
      }),
    );
  });
});
