import type { StompFrame } from '../../../src/stomp';
import {
  StompSession,
  type StompSessionOptions,
} from '../../../src/connection/stomp-session';
import type { RhombusError } from '../../../src/rhombus/errors';
import { MARKER_HEADER } from './stomp-publisher';

/**
 * A StompSession with everything it reports kept for the assertions:
 * messages in order, malformed frames, and how it ended.
 */
export class SessionProbe {
  readonly session: StompSession;
  readonly messages: StompFrame[] = [];
  readonly malformed: Error[] = [];
  ended: RhombusError | undefined;

  constructor(options: StompSessionOptions) {
    this.session = new StompSession(options, {
      // The decoder hands out views of the received data; a copy keeps
      // each body intact whatever the socket does with its buffers.
      onMessage: (frame) =>
        this.messages.push({ ...frame, body: Buffer.from(frame.body) }),
      onMalformedFrame: (error) => this.malformed.push(error),
      onEnd: (reason) => {
        this.ended = reason;
      },
    });
  }

  /** The messages under test: all but the publisher's markers. */
  payloads(): StompFrame[] {
    return this.messages.filter((frame) => !(MARKER_HEADER in frame.headers));
  }

  /** True once a message with body `marker` arrived. */
  sawMarker(marker: string): boolean {
    return this.messages.some((frame) => frame.body.toString() === marker);
  }

  /** What went wrong so far, for failure messages. */
  describe(): string {
    const ended = this.ended ? `ended: ${this.ended.message}` : 'open';
    return `${this.messages.length} messages, ${ended}`;
  }
}
