import type { Node } from 'node-red';

import type { ConnectionLog } from '../connection/rhombus-connection';

const REDACTED = '<api key>';

/**
 * A node's log with the API key struck out of every line. Messages are
 * built without the key in the first place; this is the second line of
 * defence, for text that came from elsewhere (a server's error message
 * that echoes a header, say).
 */
export function redactingLog(
  node: Node,
  secret: string | undefined,
): ConnectionLog {
  const redact = (text: string): string =>
    secret && secret.length >= 4 ? text.split(secret).join(REDACTED) : text;

  return {
    info: (text) => node.log(redact(text)),
    warn: (text) => node.warn(redact(text)),
    debug: (text) => node.debug(redact(text)),
    trace: (text) => node.trace(redact(text)),
  };
}
