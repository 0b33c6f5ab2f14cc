import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';

import { monotonicUs } from '../clock';
import type { EventCounter } from '../event-counter';
import { SENT_AT_FIELD } from '../server/protocol';

/** A message the floor node sends: a topic and a ready-made payload. */
export interface ReadyMessage {
  readonly topic: string;
  readonly payload: object;
}

/** Messages the floor sends between two turns of the event loop. */
const FLOOR_BURST = 128;

/**
 * What the bench sees of a `bench-sink` node: the downstream node every
 * measurement counts at. It only counts (and, when asked, records how long
 * each event took from the server), so it costs next to nothing.
 */
export class SinkProbe {
  /** Told of every message, when set. */
  counter: EventCounter | undefined;
  /** Receives each message's latency in µs, when set. */
  latenciesUs: number[] | undefined;

  receive(msg: NodeMessage): void {
    if (this.latenciesUs !== undefined) {
      this.latenciesUs.push(monotonicUs() - sentAtUs(msg));
    }
    this.counter?.note(msg);
  }
}

/**
 * What the bench sees of a `bench-floor` node: Node-RED's own floor, a
 * node that sends ready-made messages, doing nothing else per message.
 */
export class FloorEmitter {
  constructor(private readonly send: (msg: NodeMessage) => void) {}

  /**
   * Sends `count` messages cycling through `messages`, in bursts (as a
   * socket read delivers events), yielding to the event loop in between.
   * Each send gets a fresh message object around the ready-made payload,
   * as every node's output does.
   */
  emit(messages: readonly ReadyMessage[], count: number): Promise<void> {
    let sent = 0;

    return new Promise((resolve) => {
      const burst = (): void => {
        const end = Math.min(count, sent + FLOOR_BURST);

        for (; sent < end; sent++) {
          const { topic, payload } = messages[sent % messages.length];

          this.send({ topic, payload });
        }
        if (sent < count) setImmediate(burst);
        else resolve();
      };

      burst();
    });
  }
}

const sinks = new Map<string, SinkProbe>();
const floors = new Map<string, FloorEmitter>();

/**
 * The probe of the deployed `bench-sink` node `id`.
 * @throws Error when no such node is deployed
 */
export function sinkProbe(id: string): SinkProbe {
  return found(sinks.get(id), id);
}

/**
 * The emitter of the deployed `bench-floor` node `id`.
 * @throws Error when no such node is deployed
 */
export function floorEmitter(id: string): FloorEmitter {
  return found(floors.get(id), id);
}

/** Registers `bench-sink` and `bench-floor`; a node module for Node-RED. */
export function registerBenchNodes(RED: unknown): void {
  const api = RED as NodeAPI;

  function BenchSink(this: Node, def: NodeDef): void {
    api.nodes.createNode(this, def);

    const probe = new SinkProbe();

    sinks.set(def.id, probe);
    this.on('input', (msg: NodeMessage) => probe.receive(msg));
  }

  function BenchFloor(this: Node, def: NodeDef): void {
    api.nodes.createNode(this, def);
    floors.set(def.id, new FloorEmitter((msg) => this.send(msg)));
  }

  api.nodes.registerType('bench-sink', BenchSink);
  api.nodes.registerType('bench-floor', BenchFloor);
}

function found<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new Error(`no bench node ${id} deployed`);

  return value;
}

/** The send time the server wrote into a paced event's body. */
function sentAtUs(msg: NodeMessage): number {
  const payload = msg.payload as { raw?: Record<string, unknown> };

  return Number(payload.raw?.[SENT_AT_FIELD]);
}
