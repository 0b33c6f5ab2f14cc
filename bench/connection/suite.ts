import { EventCounter } from '../event-counter';
import { collectGarbage } from '../gc';
import type { BenchOptions } from '../options';
import type { BenchServer } from '../server/handle';
import { median, ratios } from '../stats';
import type { Contender } from './contender';
import { rawFloor } from './floor';
import { fullConnection } from './full-connection';
import { naiveContender } from './naive';
import { oursNormalise, oursParse } from './ours';
import { stompjsContender } from './stompjs';

/** One contender's figures over all rounds. */
export interface ContenderResult {
  readonly name: string;
  /** Events per second, one per round. */
  readonly rates: number[];
  readonly medianRate: number;
  /** Median over rounds of (this rate / the floor's in the same round). */
  readonly vsFloor: number;
  /** The same against @stomp/stompjs. */
  readonly vsStompjs: number;
}

export interface ConnectionResults {
  readonly eventsPerRound: number;
  readonly rounds: number;
  readonly contenders: ContenderResult[];
}

/**
 * Part 1: every contender reads the same frames from the same server, on
 * a fresh connection each round; the order flips every round so that no
 * contender always runs on a warmer (or more tired) process.
 */
export async function runConnectionSuite(
  server: BenchServer,
  options: BenchOptions,
): Promise<ConnectionResults> {
  const contenders: Contender[] = [
    rawFloor,
    stompjsContender,
    naiveContender,
    oursParse,
    oursNormalise,
    fullConnection(server.info.restUrl, server.info.apiKey),
  ];
  const count = options.connectionEvents;
  const rates = new Map<Contender, number[]>(contenders.map((c) => [c, []]));

  for (const contender of contenders) {
    await measure(server, contender, 'warm-up', Math.ceil(count / 4));
  }
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();

    for (const contender of order) {
      const rate = await measure(server, contender, `r${round}`, count);

      rates.get(contender)?.push(rate);
    }
  }
  return {
    eventsPerRound: count,
    rounds: options.rounds,
    contenders: summarise(contenders, rates),
  };
}

async function measure(
  server: BenchServer,
  contender: Contender,
  round: string,
  count: number,
): Promise<number> {
  const label = `${contender.name}/${round}`;
  const counter = new EventCounter(count, contender.name);
  const connected = await contender.connect(
    server.url(contender.mode, label),
    counter.note,
  );

  await server.waitSubscribed(label);

  const [rate] = await Promise.all([
    counter.rate(),
    server.blast(label, count),
  ]);

  await connected.close();
  await collectGarbage();
  return rate;
}

function summarise(
  contenders: readonly Contender[],
  rates: Map<Contender, number[]>,
): ContenderResult[] {
  const floor = rates.get(rawFloor) ?? [];
  const stompjs = rates.get(stompjsContender) ?? [];

  return contenders.map((contender) => {
    const own = rates.get(contender) ?? [];

    return {
      name: contender.name,
      rates: own,
      medianRate: median(own),
      vsFloor: median(ratios(own, floor)),
      vsStompjs: median(ratios(own, stompjs)),
    };
  });
}
