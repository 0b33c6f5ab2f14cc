import { RhombusError, RhombusErrorCode } from './errors';

/**
 * Reads a fetch reply body into memory, stopping as soon as it grows past
 * `maxBytes` so that a runaway reply cannot exhaust memory.
 *
 * @param label - what was asked for (a path, never a URL with a token), for
 *   the error message
 * @throws RhombusError(BadResponse) when the body is larger than `maxBytes`
 */
export async function readCapped(
  response: Response,
  maxBytes: number,
  label: string,
): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await discardBody(response);
    throw tooLarge(label, maxBytes);
  }

  if (response.body === null) {
    return Buffer.alloc(0);
  }

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }

    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(ignoreDiscardFailure);
      throw tooLarge(label, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Drops a body we will not read, so the connection can be reused or closed
 * at once instead of waiting for the server to finish sending.
 */
export async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(ignoreDiscardFailure);
}

// Cancelling a body we are throwing away can fail only when the stream has
// already errored; the request's own error is reported, so there is nothing
// more to tell.
function ignoreDiscardFailure(): undefined {
  return undefined;
}

function tooLarge(label: string, maxBytes: number): RhombusError {
  const mib = (maxBytes / (1024 * 1024)).toFixed(1);
  return new RhombusError(
    RhombusErrorCode.BadResponse,
    `Reply to ${label} is larger than ${mib} MiB`,
  );
}
