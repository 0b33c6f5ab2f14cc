import assert from 'node:assert/strict';

import { encodeFrame } from '../../../src/stomp';
import {
  decodeAll,
  decodeError,
  fixture,
  frame,
  HEART_BEAT_EVENT,
} from './collect';

describe('FrameDecoder: STOMP 1.2 frames', () => {
  it('decodes a MESSAGE with a JSON body and content-length', () => {
    const raw = fixture('message-json.stomp');
    const body = fixture('message-json.body');

    assert.deepEqual(decodeAll([raw]), [
      frame(
        'MESSAGE',
        {
          destination: '/topic/change/ORG123',
          'message-id': 'T_ID-1-42',
          subscription: 'sub-0',
          'content-type': 'application/json',
          'content-length': String(body.length),
        },
        body,
      ),
    ]);
  });

  it('leaves CONNECTED headers unescaped and reads CR LF line ends', () => {
    assert.deepEqual(decodeAll([fixture('connected-crlf.stomp')]), [
      frame('CONNECTED', {
        version: '1.2',
        'heart-beat': '10000,10000',
        server: 'rhombus/1.0',
        session: 'ses\\c1',
      }),
    ]);
  });

  it('leaves CONNECT headers unescaped and keeps colons in values', () => {
    assert.deepEqual(decodeAll([fixture('connect-unescaped.stomp')]), [
      frame('CONNECT', {
        'accept-version': '1.2',
        host: 'api.example.test:443',
        login: 'user\\c1',
        'heart-beat': '10000,10000',
      }),
    ]);
  });

  it('unescapes header values of other frames', () => {
    const events = decodeAll([fixture('error-no-content-length.stomp')]);

    assert.deepEqual(events, [
      frame(
        'ERROR',
        { message: 'Access denied: bad key' },
        'The API key was rejected.\n',
      ),
    ]);
  });

  it('unescapes every defined sequence in names and values', () => {
    const raw = 'MESSAGE\na\\cb\\\\:1\\n2\\r3\\c4\\\\5\n\n\0';

    assert.deepEqual(decodeAll([raw]), [
      frame('MESSAGE', { 'a:b\\': '1\n2\r3:4\\5' }),
    ]);
  });

  it('keeps the first of repeated headers', () => {
    const raw = 'MESSAGE\nfoo:World\nfoo:Hello\n\n\0';

    assert.deepEqual(decodeAll([raw]), [frame('MESSAGE', { foo: 'World' })]);
  });

  it('keeps the first content-length when it repeats', () => {
    const raw = 'SEND\ncontent-length:2\ncontent-length:5\n\nab\0';

    assert.deepEqual(decodeAll([raw]), [
      frame('SEND', { 'content-length': '2' }, 'ab'),
    ]);
  });

  it('takes exactly content-length bytes, NULs included', () => {
    const body = Buffer.from([0x61, 0x00, 0x00, 0x62]);
    const raw = Buffer.concat([
      Buffer.from('MESSAGE\ncontent-length:4\n\n'),
      body,
      Buffer.from([0]),
    ]);

    assert.deepEqual(decodeAll([raw]), [
      frame('MESSAGE', { 'content-length': '4' }, body),
    ]);
  });

  it('counts content-length in bytes of a multi-byte UTF-8 body', () => {
    const body = 'héllo € 😀';
    const length = String(Buffer.byteLength(body));
    const raw = `MESSAGE\ncontent-length:${length}\n\n${body}\0`;

    assert.equal(length, '15');
    assert.deepEqual(decodeAll([raw]), [
      frame('MESSAGE', { 'content-length': length }, body),
    ]);
  });

  it('runs a body without content-length to the first NUL', () => {
    const raw = 'MESSAGE\ndestination:/q\n\nfirst\0second';

    assert.deepEqual(decodeAll([raw]).slice(0, 1), [
      frame('MESSAGE', { destination: '/q' }, 'first'),
    ]);
  });

  it('accepts a content-length of zero', () => {
    const raw = 'RECEIPT\nreceipt-id:7\ncontent-length:0\n\n\0';

    assert.deepEqual(decodeAll([raw]), [
      frame('RECEIPT', { 'receipt-id': '7', 'content-length': '0' }),
    ]);
  });

  it('decodes a frame with neither headers nor body', () => {
    assert.deepEqual(decodeAll(['DISCONNECT\n\n\0']), [
      frame('DISCONNECT', {}),
    ]);
  });

  it('reads mixed LF and CR LF line ends within one frame', () => {
    const raw = 'MESSAGE\r\na:1\nb:2\r\n\nbody\0';

    assert.deepEqual(decodeAll([raw]), [
      frame('MESSAGE', { a: '1', b: '2' }, 'body'),
    ]);
  });

  it('ends the header block at a CR LF blank line', () => {
    const raw = 'MESSAGE\na:1\n\r\nx\n\ny\0';

    assert.deepEqual(decodeAll([raw]), [
      frame('MESSAGE', { a: '1' }, 'x\n\ny'),
    ]);
  });

  it('keeps empty values, UTF-8 text and raw colons in values', () => {
    const raw = 'MESSAGE\nempty:\nname:Café ☕ 😀\ntime:12:30\n\n\0';

    assert.deepEqual(decodeAll([raw]), [
      frame('MESSAGE', { empty: '', name: 'Café ☕ 😀', time: '12:30' }),
    ]);
  });

  it('finds the body after header bytes that are not valid UTF-8', () => {
    const raw = Buffer.concat([
      Buffer.from('MESSAGE\nodd:'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('\n\nbody\0'),
    ]);

    assert.deepEqual(decodeAll([raw]), [
      frame('MESSAGE', { odd: '\ufffd\ufffd' }, 'body'),
    ]);
  });

  it('reads a header block longer than the first text probe', () => {
    const long = 'v'.repeat(5000);

    assert.deepEqual(decodeAll([`SEND\nlong:${long}\n\nbody\0`]), [
      frame('SEND', { long }, 'body'),
    ]);
  });

  it('stores __proto__ and constructor as ordinary headers', () => {
    const raw = 'MESSAGE\n__proto__:x\nconstructor:y\n__proto__:z\n\n\0';
    const [event] = decodeAll([raw]);

    assert.ok(event.kind === 'frame');
    assert.equal(Object.getPrototypeOf(event.headers), Object.prototype);
    assert.deepEqual(Object.entries(event.headers), [
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });

  it('reports each heart-beat, LF or CR LF, between frames', () => {
    const raw = '\n\r\nSEND\n\n\0\n\n\r\nSEND\n\n\0\r\n';

    assert.deepEqual(decodeAll([raw]), [
      HEART_BEAT_EVENT,
      HEART_BEAT_EVENT,
      frame('SEND', {}),
      HEART_BEAT_EVENT,
      HEART_BEAT_EVENT,
      HEART_BEAT_EVENT,
      frame('SEND', {}),
      HEART_BEAT_EVENT,
    ]);
  });

  it('decodes several frames in one message', () => {
    const raw = Buffer.concat([
      encodeFrame({ command: 'MESSAGE', headers: { n: '1' }, body: 'a' }),
      encodeFrame({ command: 'MESSAGE', headers: { n: '2' } }),
      encodeFrame({ command: 'RECEIPT', headers: { 'receipt-id': '3' } }),
    ]);

    assert.deepEqual(decodeAll([raw]), [
      frame('MESSAGE', { n: '1', 'content-length': '1' }, 'a'),
      frame('MESSAGE', { n: '2' }),
      frame('RECEIPT', { 'receipt-id': '3' }),
    ]);
  });

  it('decodes text messages as UTF-8', () => {
    const text = 'MESSAGE\nwho:Zoë\ncontent-length:5\n\nnaïf\0';

    assert.deepEqual(decodeAll([text]), [
      frame('MESSAGE', { who: 'Zoë', 'content-length': '5' }, 'naïf'),
    ]);
  });

  it('accepts text and binary messages mixed', () => {
    const events = decodeAll(['SEND\n', Buffer.from('a:1\n\n'), 'x\0']);

    assert.deepEqual(events, [frame('SEND', { a: '1' }, 'x')]);
  });

  it('rejects a command STOMP 1.2 does not define', () => {
    assert.deepEqual(decodeAll(['HELLO\n\n\0SEND\n\n\0']), [
      decodeError('bad-command'),
      frame('SEND', {}),
    ]);
  });

  it('does not change the pushed buffer', () => {
    const raw = fixture('message-json.stomp');
    const before = Buffer.from(raw);

    decodeAll([raw]);
    assert.deepEqual(raw, before);
  });
});
