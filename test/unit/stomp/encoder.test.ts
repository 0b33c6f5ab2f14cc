import assert from 'node:assert/strict';

import {
  encodeFrame,
  HEART_BEAT,
  StompEncodeError,
  type OutgoingFrame,
} from '../../../src/stomp';

function text(bytes: Buffer): string {
  return bytes.toString('utf8');
}

describe('encodeFrame', () => {
  it('writes command, headers, blank line, body and NUL', () => {
    const bytes = encodeFrame({
      command: 'SEND',
      headers: { destination: '/queue/a', 'content-type': 'text/plain' },
      body: 'hello',
    });

    assert.equal(
      text(bytes),
      'SEND\ndestination:/queue/a\ncontent-type:text/plain\n' +
        'content-length:5\n\nhello\0',
    );
  });

  it('counts content-length in bytes of a UTF-8 body', () => {
    const bytes = encodeFrame({ command: 'SEND', body: 'é€😀' });

    assert.equal(text(bytes), 'SEND\ncontent-length:9\n\né€😀\0');
  });

  it('leaves content-length out when there is no body', () => {
    assert.equal(
      text(encodeFrame({ command: 'DISCONNECT' })),
      'DISCONNECT\n\n\0',
    );
    assert.equal(
      text(encodeFrame({ command: 'SEND', body: '' })),
      'SEND\n\n\0',
    );
  });

  it('replaces a content-length given among the headers', () => {
    const bytes = encodeFrame({
      command: 'SEND',
      headers: { 'content-length': '99' },
      body: 'ab',
    });

    assert.equal(text(bytes), 'SEND\ncontent-length:2\n\nab\0');
  });

  it('writes a binary body as is, NULs included', () => {
    const body = Buffer.from([0, 1, 0, 255]);
    const bytes = encodeFrame({ command: 'SEND', body });

    assert.deepEqual(
      bytes,
      Buffer.concat([
        Buffer.from('SEND\ncontent-length:4\n\n'),
        body,
        Buffer.from([0]),
      ]),
    );
  });

  it('escapes header names and values', () => {
    const bytes = encodeFrame({
      command: 'SEND',
      headers: { 'a:b': 'c\\d\ne\rf:g' },
    });

    assert.equal(text(bytes), 'SEND\na\\cb:c\\\\d\\ne\\rf\\cg\n\n\0');
  });

  it('does not escape CONNECT or CONNECTED headers', () => {
    const connect = encodeFrame({
      command: 'CONNECT',
      headers: { host: 'example.test:443', passcode: 'a\\b' },
    });
    const connected = encodeFrame({
      command: 'CONNECTED',
      headers: { server: 'x:y' },
    });

    assert.equal(
      text(connect),
      'CONNECT\nhost:example.test:443\npasscode:a\\b\n\n\0',
    );
    assert.equal(text(connected), 'CONNECTED\nserver:x:y\n\n\0');
  });

  it('rejects a command STOMP 1.2 does not define', () => {
    assert.throws(
      () => encodeFrame({ command: 'send' }),
      (error: unknown) =>
        error instanceof StompEncodeError && error.reason === 'bad-command',
    );
  });

  it('rejects headers the wire format cannot carry', () => {
    const cases: OutgoingFrame[] = [
      { command: 'SEND', headers: { '': 'x' } },
      { command: 'SEND', headers: { a: 'x\0y' } },
      { command: 'CONNECT', headers: { passcode: 'line\nbreak' } },
      { command: 'CONNECT', headers: { 'pass:code': 'x' } },
    ];

    for (const frame of cases) {
      assert.throws(
        () => encodeFrame(frame),
        (error: unknown) =>
          error instanceof StompEncodeError && error.reason === 'bad-header',
        JSON.stringify(frame.headers),
      );
    }
  });

  it('never quotes a header value in its error', () => {
    assert.throws(
      () =>
        encodeFrame({ command: 'CONNECT', headers: { passcode: 'sec\nret' } }),
      (error: unknown) =>
        error instanceof Error &&
        !error.message.includes('sec') &&
        error.message.includes('passcode'),
    );
  });

  it('offers a heart-beat of one LF', () => {
    assert.equal(text(HEART_BEAT), '\n');
  });
});
