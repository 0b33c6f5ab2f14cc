import assert from 'node:assert/strict';

import { encodeFrame, FrameDecoder } from '../../../src/stomp';
import {
  collect,
  decodeAll,
  decodeError,
  type Decoded,
  fixture,
  frame,
  HEART_BEAT_EVENT,
} from './collect';

/** Every way of cutting `raw` in two, as pairs of chunks. */
function everySplit(raw: Buffer): [Buffer, Buffer][] {
  return Array.from({ length: raw.length + 1 }, (_, cut) => [
    raw.subarray(0, cut),
    raw.subarray(cut),
  ]);
}

function bytesOf(raw: Buffer): Buffer[] {
  return Array.from(raw, (byte) => Buffer.from([byte]));
}

describe('FrameDecoder: frames split across messages', () => {
  const samples: Record<string, Buffer> = {
    'a MESSAGE with content-length and UTF-8': fixture('message-json.stomp'),
    'a CR LF CONNECTED frame': fixture('connected-crlf.stomp'),
    'an ERROR without content-length': fixture('error-no-content-length.stomp'),
    'frames and heart-beats': Buffer.concat([
      Buffer.from('\r\n'),
      encodeFrame({ command: 'MESSAGE', headers: { 'é:': 'ü\n' }, body: '€' }),
      Buffer.from('\n\r\n'),
      Buffer.from('SEND\r\nx:1\r\n\r\n\0\r\n'),
    ]),
  };

  for (const [name, raw] of Object.entries(samples)) {
    it(`decodes ${name} split at every byte position`, () => {
      const whole = decodeAll([raw]);

      assert.ok(whole.length > 0);
      for (const [head, tail] of everySplit(raw)) {
        assert.deepEqual(decodeAll([head, tail]), whole, `cut ${head.length}`);
      }
    });

    it(`decodes ${name} pushed one byte at a time`, () => {
      assert.deepEqual(decodeAll(bytesOf(raw)), decodeAll([raw]));
    });
  }

  it('decodes a content-length body split inside a UTF-8 character', () => {
    const raw = Buffer.from('MESSAGE\ncontent-length:4\n\n€!\0');
    const cut = raw.indexOf('€') + 1;

    assert.deepEqual(decodeAll([raw.subarray(0, cut), raw.subarray(cut)]), [
      frame('MESSAGE', { 'content-length': '4' }, '€!'),
    ]);
  });

  it('waits for the LF after a CR that ends a message', () => {
    const { decoder, events } = collect();

    decoder.push('\r');
    assert.deepEqual(events, []);
    decoder.push('\n');
    assert.deepEqual(events, [HEART_BEAT_EVENT]);
  });

  it('holds no more than the frame so far while it arrives', () => {
    const { decoder } = collect();

    decoder.push('MESSAGE\ncontent-length:1000\n\n');
    decoder.push(Buffer.alloc(500, 0x61));

    assert.equal(decoder.bufferedBytes, 529);
  });

  it('drops what it holds once a frame passes maxFrameBytes', () => {
    const { decoder, events } = collect({ maxFrameBytes: 1000 });

    decoder.push('SEND\n\n');
    for (let i = 0; i < 30; i++) {
      decoder.push(Buffer.alloc(100, 0x61));
      assert.ok(decoder.bufferedBytes <= 1000, String(decoder.bufferedBytes));
    }

    assert.deepEqual(events, [decodeError('frame-too-large')]);
    assert.equal(decoder.bufferedBytes, 0);
  });

  it('decodes a large frame arriving in many small messages', () => {
    const body = Buffer.alloc(256 * 1024, 0x7a);
    const raw = encodeFrame({ command: 'MESSAGE', body });
    const chunks: Buffer[] = [];

    for (let at = 0; at < raw.length; at += 1000) {
      chunks.push(raw.subarray(at, at + 1000));
    }

    const events = decodeAll(chunks);

    assert.equal(events.length, 1);
    assert.ok(events[0].kind === 'frame' && events[0].body.equals(body));
  });

  it('forgets a partial frame on reset()', () => {
    const { decoder, events } = collect();

    decoder.push('MESSAGE\ndestination:/q\n\npart');
    decoder.reset();
    decoder.push('SEND\n\n\0');

    assert.deepEqual(events, [frame('SEND', {})]);
    assert.equal(decoder.bufferedBytes, 0);
  });

  it('forgets the rest of a frame being skipped on reset()', () => {
    const { decoder, events } = collect({ maxFrameBytes: 50 });

    decoder.push(`SEND\n\n${'x'.repeat(100)}`);
    decoder.reset();
    decoder.push('SEND\n\n\0');

    assert.deepEqual(events, [
      decodeError('frame-too-large'),
      frame('SEND', {}),
    ]);
  });
});

describe('FrameDecoder: callbacks', () => {
  const three = 'SEND\nn:1\n\n\0SEND\nn:2\n\n\0SEND\nn:3\n\n\0';

  it('lets an exception from onFrame reach the caller of push()', () => {
    const failure = new Error('handler failed');
    const decoder = new FrameDecoder({
      onFrame: () => {
        throw failure;
      },
      onError: () => undefined,
    });

    assert.throws(() => decoder.push(three), failure);
  });

  it('decodes the rest of the data on the next push() after a throw', () => {
    const seen: string[] = [];
    let failOnce = true;
    const decoder = new FrameDecoder({
      onFrame: (decoded) => {
        seen.push(decoded.headers.n);
        if (failOnce) {
          failOnce = false;
          throw new Error('handler failed');
        }
      },
      onError: () => undefined,
    });

    assert.throws(() => decoder.push(three));
    assert.deepEqual(seen, ['1']);

    decoder.push('');
    assert.deepEqual(seen, ['1', '2', '3']);
  });

  it('keeps data order when a throw left data behind', () => {
    const seen: string[] = [];
    const decoder = new FrameDecoder({
      onFrame: (decoded) => {
        seen.push(decoded.headers.n);
        if (decoded.headers.n === '1') throw new Error('handler failed');
      },
      onError: () => undefined,
    });

    assert.throws(() => decoder.push(`${three}SEND\nn:`));
    decoder.push('4\n\n\0');

    assert.deepEqual(seen, ['1', '2', '3', '4']);
  });

  it('lets exceptions from onError and onHeartBeat through too', () => {
    const onError = new FrameDecoder({
      onFrame: () => undefined,
      onError: () => {
        throw new Error('onError failed');
      },
    });
    const onHeartBeat = new FrameDecoder({
      onFrame: () => undefined,
      onHeartBeat: () => {
        throw new Error('onHeartBeat failed');
      },
      onError: () => undefined,
    });

    assert.throws(() => onError.push('NOPE\n\n\0'), /onError failed/);
    assert.throws(() => onHeartBeat.push('\n'), /onHeartBeat failed/);
  });

  it('stops the current push() when a callback calls reset()', () => {
    const events: Decoded[] = [];
    const decoder: FrameDecoder = new FrameDecoder({
      onFrame: (decoded) => {
        events.push(frame(decoded.command, { ...decoded.headers }));
        decoder.reset();
      },
      onError: () => undefined,
    });

    decoder.push(three);
    decoder.push('SEND\n\n\0');

    assert.deepEqual(events, [frame('SEND', { n: '1' }), frame('SEND', {})]);
  });

  it('drops the rest of the data when a callback resets, then throws', () => {
    const seen: string[] = [];
    const decoder: FrameDecoder = new FrameDecoder({
      onFrame: (decoded) => {
        seen.push(decoded.headers.n);
        if (decoded.headers.n === '1') {
          decoder.reset();
          throw new Error('handler failed');
        }
      },
      onError: () => undefined,
    });

    assert.throws(() => decoder.push(three));
    decoder.push('');

    assert.deepEqual(seen, ['1']);
  });

  it('queues data pushed from inside a callback behind the current data', () => {
    const seen: string[] = [];
    const decoder: FrameDecoder = new FrameDecoder({
      onFrame: (decoded) => {
        seen.push(decoded.headers.n);
        if (decoded.headers.n === '1') decoder.push('SEND\nn:4\n\n\0');
      },
      onError: () => undefined,
    });

    decoder.push(three);

    assert.deepEqual(seen, ['1', '2', '3', '4']);
  });

  it('calls callbacks as methods of the options object', () => {
    const handler = {
      frames: 0,
      onFrame(): void {
        this.frames += 1;
      },
      onError(): void {
        assert.fail('no error expected');
      },
    };

    new FrameDecoder(handler).push('SEND\n\n\0');

    assert.equal(handler.frames, 1);
  });
});

describe('FrameDecoder: options', () => {
  it('rejects a limit that is not a positive whole number', () => {
    const base = { onFrame: () => undefined, onError: () => undefined };

    assert.throws(
      () => new FrameDecoder({ ...base, maxFrameBytes: 0 }),
      /maxFrameBytes/,
    );
    assert.throws(
      () => new FrameDecoder({ ...base, maxHeaderBytes: 1.5 }),
      /maxHeaderBytes/,
    );
  });
});
