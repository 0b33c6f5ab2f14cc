import assert from 'node:assert/strict';

import {
  StompDecodeError,
  type StompDecodeErrorReason,
} from '../../../src/stomp';
import { collect, decodeAll, decodeError, frame } from './collect';

const GOOD = 'SEND\ndestination:/q\n\nok\0';
const GOOD_FRAME = frame('SEND', { destination: '/q' }, 'ok');

/** The bad frame, then a good one, in one message and in two. */
function assertResyncs(
  bad: string | Buffer,
  reason: StompDecodeErrorReason,
): void {
  const together = Buffer.concat([Buffer.from(bad), Buffer.from(GOOD)]);
  const expected = [decodeError(reason), GOOD_FRAME];

  assert.deepEqual(decodeAll([together]), expected, 'in one message');
  assert.deepEqual(decodeAll([bad, GOOD]), expected, 'in two messages');
}

describe('FrameDecoder: malformed frames', () => {
  it('reports a header line without a colon and resyncs', () => {
    assertResyncs('MESSAGE\ndestination /q\n\nbody\0', 'bad-header');
  });

  it('reports a header with an empty name and resyncs', () => {
    assertResyncs('MESSAGE\n:value\n\nbody\0', 'bad-header');
  });

  it('reports an undefined escape sequence and resyncs', () => {
    assertResyncs('MESSAGE\ndestination:/a\\tb\n\n\0', 'bad-escape');
  });

  it('reports a lone backslash at the end of a header and resyncs', () => {
    assertResyncs('MESSAGE\nname\\:x\n\n\0', 'bad-escape');
  });

  it('reports a bad escape in a repeated header too', () => {
    assertResyncs('MESSAGE\nfoo:ok\nfoo:b\\ad\n\n\0', 'bad-escape');
  });

  it('reports a content-length that is not a byte count', () => {
    assertResyncs(
      'MESSAGE\ncontent-length:12a\n\nbody\0',
      'bad-content-length',
    );
    assertResyncs('MESSAGE\ncontent-length:-1\n\nbody\0', 'bad-content-length');
    assertResyncs('MESSAGE\ncontent-length:\n\nbody\0', 'bad-content-length');
  });

  it('reports a content-length shorter than the body', () => {
    assertResyncs('MESSAGE\ncontent-length:2\n\nbody\0', 'missing-nul');
  });

  it('reports a content-length longer than the body, keeping what follows', () => {
    // The announced 9 bytes reach into the good frame; decoding resumes
    // right after the broken frame's own NUL, so the good frame survives.
    assertResyncs('MESSAGE\ncontent-length:9\n\nbody\0', 'missing-nul');
  });

  it('reports a NUL inside the header block', () => {
    assertResyncs('MESSAGE\ndestination:/q\0', 'truncated-frame');
    assertResyncs('MESS\0', 'truncated-frame');
  });

  it('reports an unknown command', () => {
    assertResyncs('message\n\n\0', 'bad-command');
    assertResyncs('\rSEND\n\n\0', 'bad-command');
  });

  it('reports a frame over maxFrameBytes announced by content-length', () => {
    const events = decodeAll(
      ['SEND\ncontent-length:200\n\n', 'x'.repeat(200), `\0${GOOD}`],
      { maxFrameBytes: 100 },
    );

    assert.deepEqual(events, [decodeError('frame-too-large'), GOOD_FRAME]);
  });

  it('reports a frame over maxFrameBytes without content-length', () => {
    const { decoder, events } = collect({ maxFrameBytes: 100 });

    decoder.push('SEND\n\n');
    for (let i = 0; i < 10; i++) decoder.push('x'.repeat(30));
    decoder.push(`tail\0${GOOD}`);

    assert.deepEqual(events, [decodeError('frame-too-large'), GOOD_FRAME]);
  });

  it('reports a whole frame over maxFrameBytes in one message', () => {
    assert.deepEqual(
      decodeAll([`SEND\n\n${'x'.repeat(200)}\0${GOOD}`], {
        maxFrameBytes: 100,
      }),
      [decodeError('frame-too-large'), GOOD_FRAME],
    );
  });

  it('accepts a frame of exactly maxFrameBytes', () => {
    const raw = `SEND\n\n${'x'.repeat(93)}\0`;

    assert.equal(Buffer.byteLength(raw), 100);
    assert.equal(decodeAll([raw], { maxFrameBytes: 100 })[0].kind, 'frame');
  });

  it('reports a header block over maxHeaderBytes', () => {
    const long = `SEND\nx:${'y'.repeat(100)}\n\n\0`;

    assertResyncsWithLimit(long, { maxHeaderBytes: 64 });
  });

  it('reports headers over maxHeaderBytes while they still arrive', () => {
    const { decoder, events } = collect({ maxHeaderBytes: 64 });

    decoder.push('SEND\n');
    for (let i = 0; i < 20; i++) decoder.push('h:0123456789\n');
    assert.deepEqual(events, [decodeError('headers-too-large')]);
    assert.equal(decoder.bufferedBytes, 0);

    decoder.push(`\nbody\0${GOOD}`);
    assert.deepEqual(events, [decodeError('headers-too-large'), GOOD_FRAME]);
  });

  it('keeps decoding after many broken frames in a row', () => {
    const bad = 'MESSAGE\nnope\n\n\0'.repeat(50);

    const events = decodeAll([bad + GOOD]);

    assert.equal(events.length, 51);
    assert.deepEqual(events.at(-1), GOOD_FRAME);
  });

  it('says what went wrong in the message, naming the command', () => {
    const { decoder, errors } = collect();

    decoder.push('MESSAGE\ndestination:/a\\tb\n\n\0');

    assert.ok(errors[0] instanceof StompDecodeError);
    assert.equal(errors[0].command, 'MESSAGE');
    assert.match(errors[0].message, /undefined escape sequence "\\\\t"/);
    assert.match(errors[0].message, /MESSAGE frame/);
  });

  it('quotes only a short excerpt of a broken line', () => {
    const { decoder, errors } = collect();

    decoder.push(`MESSAGE\n${'z'.repeat(5000)}\n\n\0`);

    assert.equal(errors[0].reason, 'bad-header');
    assert.ok(errors[0].message.length < 120, errors[0].message);
  });

  it('never quotes header values of CONNECT, STOMP or CONNECTED frames', () => {
    const secret = 'hunter2-secret';
    const { decoder, errors } = collect();

    decoder.push(`CONNECT\nlogin:me\npasscode ${secret}\n\n\0`);
    decoder.push(`STOMP\npasscode:${secret}\\q\n\n\0`);
    decoder.push(`CONNECTED\ncontent-length:${secret}\n\n\0`);

    assert.deepEqual(
      errors.map((error) => error.reason),
      ['bad-header', 'bad-escape', 'bad-content-length'],
    );
    for (const error of errors) {
      assert.doesNotMatch(error.message, /hunter2|\\q/, error.message);
    }
  });

  it('does not throw out of push() on garbage', () => {
    const { decoder, events } = collect();

    assert.doesNotThrow(() => decoder.push(Buffer.from([0xff, 0, 0x0d, 0])));
    assert.ok(events.every((event) => event.kind === 'error'));
  });
});

function assertResyncsWithLimit(
  bad: string,
  limits: { maxHeaderBytes: number },
): void {
  assert.deepEqual(decodeAll([bad + GOOD], limits), [
    decodeError('headers-too-large'),
    GOOD_FRAME,
  ]);
}
