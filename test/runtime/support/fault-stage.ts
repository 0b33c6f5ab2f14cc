import assert from 'node:assert/strict';

import type { NodeStatus } from 'node-red';

import type { RhombusSimulator } from '../../../src/simulator';
import { Received } from './collect';
import {
  alertNode,
  configNode,
  credentials,
  eventsNodes,
  type FlowNode,
} from './flows';
import type { ProcessGuard } from './process-guard';
import { ALL_NODES, helper, logText, recordStatuses, waitFor } from './runtime';
import { errorLines } from './transcript';

interface AlertPayload {
  entityUuid?: string;
  alert?: { uuid?: string };
}

/**
 * A flow under fault: one events node (camera states only) and one alert
 * node on one account, with a ledger of what the server sent while the
 * flow could receive it. After a fault, `assertRecovered()` checks the
 * promise of the fault suite: green again, events flowing, every event
 * sent before still received exactly once, every alert raised (even
 * during an outage) received exactly once, and nothing escaped.
 */
export class FaultStage {
  events!: Received;
  raised!: Received;
  statuses!: NodeStatus[];
  /** Camera-state events the flow must have, in order. */
  readonly expectedEvents: string[] = [];
  /** Alerts the alert node must have sent, each once. */
  readonly expectedAlerts: string[] = [];
  private sequence = 0;

  constructor(
    private readonly simulator: RhombusSimulator,
    private readonly apiKey: string,
    private readonly guard: ProcessGuard,
  ) {}

  /** Loads the flow; statuses are recorded from here on. */
  async deploy(extra: FlowNode[] = []): Promise<void> {
    const flow = [
      configNode(this.simulator),
      ...eventsNodes(1, { entities: ['CAMERA_STATE'] }),
      ...alertNode(),
      ...extra,
    ];

    await helper.load(ALL_NODES, flow, credentials(this.apiKey));
    this.events = new Received(helper.getNode('out-0'));
    this.raised = new Received(helper.getNode('raised'));
    this.statuses = recordStatuses(helper.getNode('events-0'));
  }

  /** Waits for exactly one subscribed socket. */
  async subscribed(): Promise<void> {
    await waitFor('one subscribed socket', () => {
      return (
        this.simulator.stats.sessionsSubscribed === 1 &&
        this.simulator.stats.openSockets === 1
      );
    });
  }

  /** Deploys, connects, and sees an event and an alert through. */
  async flowing(): Promise<void> {
    await this.deploy();
    await this.subscribed();
    await this.sendAndReceive();
  }

  /** Publishes a camera-state event the flow must receive. */
  publishEvent(): string {
    const uuid = this.nextEvent();

    this.expectedEvents.push(uuid);
    return uuid;
  }

  /**
   * A camera-state event for a test to publish itself (in a raw frame);
   * it is expected only once the test says so with `expectEvent`.
   */
  eventBody(uuid: string): object {
    return {
      entity: 'CAMERA_STATE',
      entityUuid: uuid,
      type: 'UPDATE',
      deviceUuid: this.simulator.org.cameras[0].uuid,
      timestampMs: Date.now(),
    };
  }

  /** A uuid for an event body, unique within the test. */
  newEventUuid(): string {
    this.sequence += 1;
    return `camera-state-${this.sequence}`;
  }

  expectEvent(uuid: string): void {
    this.expectedEvents.push(uuid);
  }

  /**
   * Raises an alert at the server; whether the flow is connected or not,
   * the alert node must send it exactly once (live or caught up).
   */
  raiseAlert(): string {
    this.sequence += 1;
    const uuid = `alert-${this.sequence}`;

    this.simulator.generateAlert({ uuid, triggers: ['MOTION_HUMAN'] });
    this.expectedAlerts.push(uuid);
    return uuid;
  }

  /** Sends an event and an alert and waits until both came through. */
  async sendAndReceive(): Promise<void> {
    const event = this.publishEvent();
    const alert = this.raiseAlert();

    await waitFor(`event ${event} and alert ${alert}`, () => {
      return (
        this.events.entityUuids().includes(event) &&
        this.alertUuids().includes(alert)
      );
    });
  }

  /** Waits until the node showed a status matching `text` and `fill`. */
  async statusShown(text: RegExp, fill: string): Promise<NodeStatus> {
    const matching = (s: NodeStatus): boolean =>
      s.fill === fill && text.test(String(s.text));

    await waitFor(`a ${fill} status matching ${text}`, () =>
      this.statuses.some(matching),
    );
    return this.statuses.find(matching) as NodeStatus;
  }

  /** Asserts that every status shown from index `from` on was green. */
  assertStayedGreen(from: number): void {
    const later = this.statuses.slice(from);

    assert.deepEqual(
      later.filter((s) => s.fill !== 'green'),
      [],
      'statuses other than green',
    );
  }

  /** Uuids of the alerts the alert node sent, in order. */
  alertUuids(): string[] {
    return this.raised
      .payloads<AlertPayload>()
      .map((p) => p.alert?.uuid ?? p.entityUuid ?? '');
  }

  /**
   * The checks every fault ends with; see the class comment. After an
   * outage (the socket was lost), the catch-up is awaited first, so that
   * a duplicate it might send cannot arrive after the checks.
   */
  async assertRecovered(outage: boolean): Promise<void> {
    await this.subscribed();
    await waitFor('a green status again', () => {
      return this.statuses.at(-1)?.fill === 'green';
    });
    if (outage) {
      await waitFor(
        'the catch-up after reconnecting',
        () => /caught up on \d+ alert/.test(logText()),
        10_000,
      );
    }
    await this.sendAndReceive();
    await waitFor('every alert raised', () => {
      return this.expectedAlerts.every((a) => this.alertUuids().includes(a));
    });

    assert.deepEqual(this.events.entityUuids(), this.expectedEvents);
    assert.deepEqual(
      [...this.alertUuids()].sort(),
      [...this.expectedAlerts].sort(),
      'each alert exactly once',
    );
    this.assertNothingEscaped();
  }

  /** No exception, rejection or error-level log line. */
  assertNothingEscaped(): void {
    assert.equal(this.guard.escaped.length, 0, this.guard.describe());
    assert.deepEqual(
      errorLines().map((line) => String(line.msg)),
      [],
      'error-level log lines',
    );
  }

  private nextEvent(): string {
    const uuid = this.newEventUuid();

    this.simulator.publish(this.eventBody(uuid));
    return uuid;
  }
}
