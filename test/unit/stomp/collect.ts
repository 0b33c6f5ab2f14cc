import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  FrameDecoder,
  type FrameDecoderOptions,
  type StompDecodeError,
  type StompDecodeErrorReason,
} from '../../../src/stomp';

/** One thing the decoder reported, in a form assert can compare. */
export type Decoded =
  | {
      readonly kind: 'frame';
      readonly command: string;
      readonly headers: Record<string, string>;
      readonly body: Buffer;
    }
  | { readonly kind: 'heart-beat' }
  | { readonly kind: 'error'; readonly reason: StompDecodeErrorReason };

export interface Collector {
  readonly decoder: FrameDecoder;
  readonly events: Decoded[];
  readonly errors: StompDecodeError[];
}

/** A decoder that records everything it reports, in order. */
export function collect(options: Partial<FrameDecoderOptions> = {}): Collector {
  const events: Decoded[] = [];
  const errors: StompDecodeError[] = [];
  const decoder = new FrameDecoder({
    onFrame: (frame) =>
      events.push({
        kind: 'frame',
        command: frame.command,
        headers: { ...frame.headers },
        // A copy, so the event stays valid whatever happens to the input.
        body: Buffer.from(frame.body),
      }),
    onHeartBeat: () => events.push({ kind: 'heart-beat' }),
    onError: (error) => {
      errors.push(error);
      events.push({ kind: 'error', reason: error.reason });
    },
    ...options,
  });

  return { decoder, events, errors };
}

export function frame(
  command: string,
  headers: Record<string, string>,
  body: string | Buffer = '',
): Decoded {
  return {
    kind: 'frame',
    command,
    headers,
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  };
}

export const HEART_BEAT_EVENT: Decoded = { kind: 'heart-beat' };

export function decodeError(reason: StompDecodeErrorReason): Decoded {
  return { kind: 'error', reason };
}

/** Raw bytes of a file in test/fixtures/stomp. */
export function fixture(name: string): Buffer {
  return readFileSync(join(__dirname, '../../fixtures/stomp', name));
}

/** Decodes `chunks` pushed one by one and returns what was reported. */
export function decodeAll(
  chunks: readonly (Buffer | string)[],
  options: Partial<FrameDecoderOptions> = {},
): Decoded[] {
  const { decoder, events } = collect(options);

  for (const chunk of chunks) decoder.push(chunk);
  return events;
}
