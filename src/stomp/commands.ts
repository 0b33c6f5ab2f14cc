import { UNESCAPED_COMMANDS } from './frame';
import { StringTable } from './string-table';

/**
 * Every command STOMP 1.2 defines, client and server. The decoder accepts
 * no other command line, which also catches garbage early when the stream
 * has lost its place.
 */
export const STOMP_COMMANDS: ReadonlySet<string> = new Set([
  'CONNECT',
  'STOMP',
  'CONNECTED',
  'SEND',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'ACK',
  'NACK',
  'BEGIN',
  'COMMIT',
  'ABORT',
  'DISCONNECT',
  'MESSAGE',
  'RECEIPT',
  'ERROR',
]);

/**
 * Commands whose headers may carry credentials (login, passcode). Errors
 * about these frames never quote a header value.
 */
export const SENSITIVE_COMMANDS: ReadonlySet<string> = new Set([
  'CONNECT',
  'STOMP',
  'CONNECTED',
]);

/** What the decoder needs to know about a command, looked up once. */
export interface CommandInfo {
  readonly command: string;
  /** Whether header text is escaped (all but CONNECT and CONNECTED). */
  readonly escapes: boolean;
  /** Whether header values may be credentials. */
  readonly sensitive: boolean;
}

const COMMAND_TABLE = new StringTable(STOMP_COMMANDS, false);

const INFO = new Map<string, CommandInfo>(
  [...STOMP_COMMANDS].map((command) => [
    command,
    {
      command,
      escapes: !UNESCAPED_COMMANDS.has(command),
      sensitive: SENSITIVE_COMMANDS.has(command),
    },
  ]),
);

/** The command spelled by `text.slice(start, end)`, if it is one. */
export function findCommand(
  text: string,
  start: number,
  end: number,
): CommandInfo | undefined {
  // Two commands could share a table slot; the map settles any such case.
  const command =
    COMMAND_TABLE.find(text, start, end) ?? text.slice(start, end);

  return INFO.get(command);
}
