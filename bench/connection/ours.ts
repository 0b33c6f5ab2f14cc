import { StompSession } from '../../src/connection/stomp-session';
import { eventsFromBody } from '../../src/rhombus/normalise';
import type { StompFrame } from '../../src/stomp';
import { DESTINATION, type Contender } from './contender';

/**
 * Our StompSession (decoder, session, the real class the pooled
 * connection uses), ending in `work` on each MESSAGE frame.
 */
function oursContender(
  name: string,
  work: (frame: StompFrame) => unknown,
): Contender {
  return {
    name,
    mode: 'stomp',
    async connect(url, onEvent) {
      const session = new StompSession(
        { url, host: '127.0.0.1', destination: DESTINATION },
        {
          onMessage: (frame) => onEvent(work(frame)),
          // Either would leave the count short, and the round fails on
          // its timeout; the message says why.
          onMalformedFrame: (error) => console.warn(`  ${error.message}`),
          onEnd: (reason) => console.warn(`  ${reason.message}`),
        },
      );

      await session.open();
      return { close: () => session.close() };
    },
  };
}

/** Ours with the same end work as every other contender. */
export const oursParse = oursContender(
  'ours: StompSession + JSON.parse',
  (frame) => JSON.parse(frame.bodyText ?? frame.body.toString('utf8')),
);

/** Ours as it really runs: the body parsed and normalised to a RhombusEvent. */
export const oursNormalise = oursContender(
  'ours: StompSession + eventsFromBody',
  (frame) => eventsFromBody(frame.bodyText ?? frame.body).events,
);
