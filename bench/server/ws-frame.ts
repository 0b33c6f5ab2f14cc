/**
 * One unmasked, final WebSocket text frame (RFC 6455 §5.2) carrying
 * `payload`, as a server sends it. The bench writes these straight to the
 * TCP socket, many to a write, so that the server's cost per event is a
 * memory copy and the client's reading is what gets measured.
 */
export function textFrame(payload: Buffer): Buffer {
  const FIN_TEXT = 0x81;
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const frame = Buffer.allocUnsafe(2 + lengthBytes + length);

  frame[0] = FIN_TEXT;
  if (lengthBytes === 0) {
    frame[1] = length;
  } else if (lengthBytes === 2) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, 2 + lengthBytes);
  return frame;
}

/**
 * The frames of `count` messages cycling through `frames`, joined into
 * chunks of at most `perChunk` frames, each one socket write.
 */
export function* chunks(
  frames: readonly Buffer[],
  count: number,
  perChunk: number,
): Generator<Buffer> {
  for (let start = 0; start < count; start += perChunk) {
    const end = Math.min(count, start + perChunk);
    const slice: Buffer[] = [];

    for (let i = start; i < end; i++) slice.push(frames[i % frames.length]);
    yield Buffer.concat(slice);
  }
}
