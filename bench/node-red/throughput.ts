import { EventCounter } from '../event-counter';
import { collectGarbage } from '../gc';
import type { BenchOptions } from '../options';
import type { BenchServer } from '../server/handle';
import { median, ratios } from '../stats';
import { floorEmitter, sinkProbe, type ReadyMessage } from './bench-nodes';
import { PIPELINE } from './stage';

export interface NodeRedThroughput {
  readonly eventsPerRound: number;
  /** rhombus-events into the sink, events per second, one per round. */
  readonly oursRates: number[];
  /** The floor node into the same sink. */
  readonly floorRates: number[];
  readonly oursMedian: number;
  readonly floorMedian: number;
  /** Median over rounds of ours / floor in the same round. */
  readonly vsFloor: number;
}

/**
 * Part 2: events from the socket through rhombus-events into a downstream
 * node, against the floor node sending as many ready-made messages into
 * the same downstream node. Alternating order, a warm-up first.
 */
export async function runNodeRedThroughput(
  server: BenchServer,
  options: BenchOptions,
  messages: readonly ReadyMessage[],
): Promise<NodeRedThroughput> {
  const count = options.nodeRedEvents;
  const ours = (): Promise<number> =>
    throughSocket(server, PIPELINE.label, PIPELINE.sink, count);
  const floor = (): Promise<number> => throughFloor(messages, count);
  const oursRates: number[] = [];
  const floorRates: number[] = [];

  await throughSocket(server, PIPELINE.label, PIPELINE.sink, count / 4);
  await throughFloor(messages, count / 4);
  for (let round = 0; round < options.rounds; round++) {
    if (round % 2 === 0) {
      floorRates.push(await floor());
      oursRates.push(await ours());
    } else {
      oursRates.push(await ours());
      floorRates.push(await floor());
    }
  }
  return {
    eventsPerRound: count,
    oursRates,
    floorRates,
    oursMedian: median(oursRates),
    floorMedian: median(floorRates),
    vsFloor: median(ratios(oursRates, floorRates)),
  };
}

/**
 * Events per second of `count` events sent by the server to the
 * connection labelled `label`, counted at the sink `sink`.
 */
export async function throughSocket(
  server: BenchServer,
  label: string,
  sink: string,
  count: number,
): Promise<number> {
  const counter = countAt(sink, count, `Node-RED ${label}`);
  const [rate] = await Promise.all([
    counter.rate(),
    server.blast(label, count),
  ]);

  return settled(rate);
}

async function throughFloor(
  messages: readonly ReadyMessage[],
  count: number,
): Promise<number> {
  const counter = countAt(PIPELINE.sink, count, 'Node-RED floor');
  const [rate] = await Promise.all([
    counter.rate(),
    floorEmitter(PIPELINE.floor).emit(messages, count),
  ]);

  return settled(rate);
}

function countAt(sink: string, count: number, what: string): EventCounter {
  const counter = new EventCounter(count, what);

  sinkProbe(sink).counter = counter;
  return counter;
}

async function settled(rate: number): Promise<number> {
  await collectGarbage();
  return rate;
}
