import { StompEncodeError } from './codec-errors';
import { STOMP_COMMANDS } from './commands';
import { escapeHeaderValue } from './escape';
import { UNESCAPED_COMMANDS, type OutgoingFrame } from './frame';

/** A heart-beat: one bare end-of-line. Shared; do not modify it. */
export const HEART_BEAT: Buffer = Buffer.from('\n');

const EMPTY = Buffer.alloc(0);

/** Characters no header can carry: the escape scheme has no form for NUL. */
const NEVER_ALLOWED = /\0/;
/** What CONNECT and CONNECTED headers cannot carry, having no escaping. */
const UNESCAPED_NAME_FORBIDS = /[\0\n\r:]/;
const UNESCAPED_VALUE_FORBIDS = /[\0\n\r]/;

/**
 * Writes a frame as STOMP 1.2 bytes, ready to send as one WebSocket message.
 *
 * Header names and values are escaped, except in CONNECT and CONNECTED
 * frames where STOMP 1.2 forbids escaping. `content-length` is always the
 * encoder's: it is set to the body's size in bytes when there is a body and
 * left out when there is none; a `content-length` among the given headers is
 * ignored.
 *
 * @throws StompEncodeError `bad-command` for a command STOMP 1.2 does not
 * define; `bad-header` for an empty header name, a NUL anywhere in a header,
 * or a line break (or a colon in the name) in a CONNECT or CONNECTED header.
 */
export function encodeFrame(frame: OutgoingFrame): Buffer {
  const { command } = frame;

  if (!STOMP_COMMANDS.has(command)) {
    throw new StompEncodeError(
      'bad-command',
      `cannot encode a frame with command ${JSON.stringify(command)}: ` +
        'not a STOMP 1.2 command',
    );
  }

  const body = bodyBytes(frame.body);
  const head = encodeHead(command, frame.headers ?? {}, body.length);
  const headLength = Buffer.byteLength(head, 'utf8');
  const bytes = Buffer.allocUnsafe(headLength + body.length + 1);

  bytes.write(head, 0, 'utf8');
  body.copy(bytes, headLength);
  bytes[bytes.length - 1] = 0;
  return bytes;
}

/** The command line, header lines and blank line, as text. */
function encodeHead(
  command: string,
  headers: Readonly<Record<string, string>>,
  bodyLength: number,
): string {
  const escaped = !UNESCAPED_COMMANDS.has(command);
  let head = `${command}\n`;

  for (const [name, value] of Object.entries(headers)) {
    if (name === 'content-length') continue;

    checkHeader(command, name, value, escaped);
    head += escaped
      ? `${escapeHeaderValue(name)}:${escapeHeaderValue(value)}\n`
      : `${name}:${value}\n`;
  }
  if (bodyLength > 0) head += `content-length:${bodyLength}\n`;
  return `${head}\n`;
}

function checkHeader(
  command: string,
  name: string,
  value: string,
  escaped: boolean,
): void {
  const where = `header ${JSON.stringify(name)} of a ${command} frame`;

  if (name === '') {
    throw new StompEncodeError(
      'bad-header',
      `cannot encode an empty header name in a ${command} frame`,
    );
  }
  if (NEVER_ALLOWED.test(name) || NEVER_ALLOWED.test(value)) {
    throw new StompEncodeError('bad-header', `NUL in ${where}`);
  }
  if (escaped) return;
  if (UNESCAPED_NAME_FORBIDS.test(name)) {
    throw new StompEncodeError(
      'bad-header',
      `line break or colon in the name of a ${command} header, ` +
        'which cannot be escaped',
    );
  }
  if (UNESCAPED_VALUE_FORBIDS.test(value)) {
    throw new StompEncodeError(
      'bad-header',
      `line break in the value of ${where}, which cannot be escaped`,
    );
  }
}

function bodyBytes(body: string | Buffer | undefined): Buffer {
  if (body === undefined) return EMPTY;
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}
