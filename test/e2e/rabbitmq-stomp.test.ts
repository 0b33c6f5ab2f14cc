import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { SessionProbe } from './support/session-probe';
import { StompPublisher } from './support/stomp-publisher';
import { delay, waitFor } from './support/wait';
import {
  RABBITMQ_WS_PORT,
  RABBITMQ_WS_URL,
  requirePeer,
} from './support/peers';
import type { StompSessionOptions } from '../../src/connection/stomp-session';
import { RhombusError, RhombusErrorCode } from '../../src/rhombus/errors';
import type { StompFrame } from '../../src/stomp';

/**
 * RabbitMQ takes the STOMP `host` header as its virtual host; the session
 * sends the URL's hostname, so scripts/e2e/rabbitmq.sh creates a vhost
 * of that name.
 */
const VHOST = '127.0.0.1';
const LOGIN = { login: 'guest', passcode: 'guest' };
const RABBITMQ_SCRIPT = 'scripts/e2e/rabbitmq.sh';

/** A topic of its own for each test, so no test sees another's messages. */
function freshDestination(): string {
  return `/topic/e2e-${randomUUID()}`;
}

function sessionOptions(
  destination: string,
  extra: Partial<StompSessionOptions> = {},
): StompSessionOptions {
  return {
    url: RABBITMQ_WS_URL,
    host: VHOST,
    destination,
    connectHeaders: LOGIN,
    connectTimeoutMs: 5_000,
    ...extra,
  };
}

describe('StompSession against RabbitMQ Web-STOMP', function () {
  let publisher: StompPublisher;
  const opened: SessionProbe[] = [];

  before(async function () {
    await requirePeer('RabbitMQ Web-STOMP', RABBITMQ_WS_PORT, RABBITMQ_SCRIPT);
    publisher = await StompPublisher.connect(RABBITMQ_WS_URL, {
      'accept-version': '1.2',
      host: VHOST,
      'heart-beat': '0,0',
      ...LOGIN,
    });
  });

  after(async function () {
    await publisher?.close();
  });

  afterEach(async function () {
    await Promise.all(opened.map((probe) => probe.session.close()));
    opened.length = 0;
  });

  async function subscribe(
    destination: string,
    extra: Partial<StompSessionOptions> = {},
  ): Promise<SessionProbe> {
    const probe = new SessionProbe(sessionOptions(destination, extra));
    opened.push(probe);
    await probe.session.open();
    await settleSubscription(probe, destination);
    return probe;
  }

  /**
   * open() resolves on CONNECTED, before the broker has handled SUBSCRIBE,
   * and a topic keeps nothing for late subscribers: markers are sent until
   * one arrives, then the subscription is known to be in place.
   */
  async function settleSubscription(
    probe: SessionProbe,
    destination: string,
  ): Promise<void> {
    // Any marker counts: a receipt can come before the message it follows.
    const marker = `ready-${randomUUID()}`;

    await waitFor(
      'the subscription to take effect',
      async () => {
        await publisher.flush(destination, marker);
        return probe.sawMarker(marker) || probe.ended !== undefined;
      },
      10_000,
      () => probe.describe(),
    );
    assert.equal(probe.ended, undefined, probe.describe());
  }

  /** Sends the end marker and waits until the session has it. */
  async function drain(
    probe: SessionProbe,
    destination: string,
  ): Promise<StompFrame[]> {
    const marker = `end-${randomUUID()}`;
    await publisher.flush(destination, marker);
    await waitFor(
      'the end marker',
      () => probe.sawMarker(marker),
      10_000,
      () => probe.describe(),
    );
    return probe.payloads();
  }

  it('connects with login and passcode passed as extra CONNECT headers', async function () {
    const destination = freshDestination();
    const probe = await subscribe(destination);

    publisher.send(destination, 'hello');
    const [message] = await drain(probe, destination);

    assert.equal(message?.command, 'MESSAGE');
    assert.equal(message.body.toString(), 'hello');
    assert.equal(message.headers['destination'], destination);
  });

  it('fails open() with the ERROR frame when the passcode is wrong', async function () {
    const probe = new SessionProbe(
      sessionOptions(freshDestination(), {
        connectHeaders: { login: 'guest', passcode: 'not-the-passcode' },
      }),
    );

    await assert.rejects(probe.session.open(), (error: unknown) => {
      assert.ok(error instanceof RhombusError);
      assert.equal(error.code, RhombusErrorCode.Protocol);
      assert.match(error.message, /ERROR frame/);
      return true;
    });
  });

  it('unescapes header values the broker escaped', async function () {
    const destination = freshDestination();
    const probe = await subscribe(destination);
    const headers = {
      'x-colon': 'camera:front door',
      'x-newline': 'line one\nline two',
      'x-backslash': 'C:\\path\\to',
      'x-carriage-return': 'before\rafter',
      'x-utf8': 'Grüße aus 東京 🚪',
    };

    publisher.send(destination, 'escaped headers', headers);
    const [message] = await drain(probe, destination);

    for (const [name, value] of Object.entries(headers)) {
      assert.equal(message?.headers[name], value, name);
    }
  });

  it('receives multi-byte UTF-8 bodies byte-exact, by content-length', async function () {
    const destination = freshDestination();
    const probe = await subscribe(destination);
    const bodies = [
      Buffer.from('Grüße aus 東京 🚪🔔', 'utf8'),
      Buffer.from(JSON.stringify({ name: 'Café Ωmega', emoji: '📷' })),
      // A NUL inside: only content-length can tell where this body ends.
      Buffer.concat([
        Buffer.from('before'),
        Buffer.from([0]),
        Buffer.from('après'),
      ]),
      Buffer.from('x'.repeat(100_000) + '✓', 'utf8'),
    ];

    bodies.forEach((body) => publisher.send(destination, body));
    const messages = await drain(probe, destination);

    assert.equal(messages.length, bodies.length, probe.describe());
    messages.forEach((message, index) => {
      assert.ok(message.body.equals(bodies[index] as Buffer), `body ${index}`);
    });
    assert.deepEqual(probe.malformed, []);
  });

  it('receives a burst of 600 messages, all of them, in order', async function () {
    const destination = freshDestination();
    const probe = await subscribe(destination);
    const count = 600;
    const bodyOf = (index: number): string =>
      `{"seq":${index},"text":"événement ${index} ✓","pad":"${'é'.repeat(index % 50)}"}`;

    for (let index = 0; index < count; index++) {
      publisher.send(destination, bodyOf(index), { 'x-seq': String(index) });
    }
    const messages = await drain(probe, destination);

    assert.equal(messages.length, count, probe.describe());
    messages.forEach((message, index) => {
      assert.equal(message.headers['x-seq'], String(index));
      assert.equal(message.body.toString('utf8'), bodyOf(index));
    });
  });

  it("negotiates heart-beats with the server's own values and keeps the link alive", async function () {
    const asked = { canSendMs: 500, wantsMs: 800 };
    const server = await serverHeartBeat(`${asked.canSendMs},${asked.wantsMs}`);
    const destination = freshDestination();
    const probe = await subscribe(destination, { heartBeat: asked });

    // STOMP 1.2: each direction runs at the larger of what one side can
    // do and the other wants, or not at all if either says 0. RabbitMQ
    // rounds to whole seconds, so its values differ from the ones asked.
    assert.deepEqual(probe.session.heartBeat, {
      outgoingMs: negotiate(asked.canSendMs, server.wantsMs),
      incomingMs: negotiate(asked.wantsMs, server.canSendMs),
    });

    // With no traffic, either side drops the link after two missed
    // heart-beats. Still open after four intervals means both flow.
    await delay(4 * Math.max(probe.session.heartBeat.incomingMs, 1_000));
    assert.equal(probe.ended, undefined, probe.describe());
    publisher.send(destination, 'still here');
    const [message] = await drain(probe, destination);
    assert.equal(message?.body.toString(), 'still here');
  });
});

/** The broker's `heart-beat` reply to a CONNECT asking for `asked`. */
async function serverHeartBeat(
  asked: string,
): Promise<{ canSendMs: number; wantsMs: number }> {
  const probe = await StompPublisher.connect(RABBITMQ_WS_URL, {
    'accept-version': '1.2',
    host: VHOST,
    'heart-beat': asked,
    ...LOGIN,
  });
  const [canSendMs, wantsMs] = (probe.connected.headers['heart-beat'] ?? '0,0')
    .split(',')
    .map(Number);
  await probe.close();

  return { canSendMs: canSendMs ?? 0, wantsMs: wantsMs ?? 0 };
}

function negotiate(mine: number, theirs: number): number {
  return mine === 0 || theirs === 0 ? 0 : Math.max(mine, theirs);
}
