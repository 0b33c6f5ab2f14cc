import type { ConnectionResults } from './connection/suite';
import type { MachineInfo } from './machine';
import type { FanOutResults } from './node-red/fan-out';
import type { IdleResults } from './node-red/idle';
import type { LatencyResults } from './node-red/latency';
import type { MemoryResults } from './node-red/memory';
import type { NodeRedThroughput } from './node-red/throughput';
import type { BenchOptions } from './options';

/** Everything one run measured, as written to bench/results/latest.json. */
export interface BenchResults {
  readonly finishedAt: string;
  readonly durationSeconds: number;
  readonly command: string;
  readonly machine: MachineInfo;
  readonly options: BenchOptions;
  readonly events: {
    readonly distinct: number;
    readonly meanBodyBytes: number;
    readonly meanFrameBytes: number;
  };
  readonly connection: ConnectionResults;
  readonly nodeRed: NodeRedThroughput;
  readonly nodeRedBound: SocketBound;
  readonly fanOut: FanOutResults;
  readonly latency: LatencyResults;
  readonly memory: MemoryResults;
  readonly idle: IdleResults;
  readonly targets: TargetCheck[];
}

/**
 * The most any node fed from a socket could do through Node-RED on this
 * machine: the cost of the connection-layer floor (ws + JSON.parse, no
 * STOMP, no normalising) plus Node-RED's own cost per message, each at
 * its median. Derived, not measured: time per event adds up.
 */
export interface SocketBound {
  readonly eventsPerSecond: number;
  /** Against Node-RED's floor. */
  readonly vsFloor: number;
}

export function socketBound(
  connection: ConnectionResults,
  nodeRed: NodeRedThroughput,
): SocketBound {
  const socketFloor = connection.contenders[0].medianRate;
  const eventsPerSecond = 1 / (1 / socketFloor + 1 / nodeRed.floorMedian);

  return { eventsPerSecond, vsFloor: eventsPerSecond / nodeRed.floorMedian };
}

/** One of the targets, and whether this run met it. */
export interface TargetCheck {
  readonly name: string;
  readonly target: string;
  readonly measured: number;
  readonly unit: string;
  readonly met: boolean;
}

type Measured = Omit<BenchResults, 'targets'>;

/** The name of the contender the connection targets are judged on. */
export const JUDGED_CONTENDER = 'ours: StompSession + JSON.parse';

/** The targets of the issue, checked against `results`. */
export function checkTargets(results: Measured): TargetCheck[] {
  const ours = results.connection.contenders.find(
    (c) => c.name === JUDGED_CONTENDER,
  );
  const largest = results.fanOut.sizes[results.fanOut.sizes.length - 1];

  return [
    atLeast('connection layer vs floor', ours?.vsFloor, 0.9, '×'),
    atLeast('connection layer vs @stomp/stompjs', ours?.vsStompjs, 4, '×'),
    atLeast('through Node-RED vs its floor', results.nodeRed.vsFloor, 0.8, '×'),
    atLeast(`${largest.nodes} nodes vs one`, largest.vsOne, 0.5, '×'),
    atMost('p99 latency at 1,000 events/s', results.latency.p99Ms, 2, 'ms'),
    atMost(
      `heap growth over ${results.memory.events.toLocaleString('en')} events`,
      results.memory.heapGrowthMB,
      10,
      'MB',
    ),
  ];
}

function atLeast(
  name: string,
  measured: number | undefined,
  target: number,
  unit: string,
): TargetCheck {
  const value = measured ?? Number.NaN;

  return {
    name,
    target: `≥ ${target} ${unit}`,
    measured: value,
    unit,
    met: value >= target,
  };
}

function atMost(
  name: string,
  measured: number,
  target: number,
  unit: string,
): TargetCheck {
  return {
    name,
    target: `≤ ${target} ${unit}`,
    measured,
    unit,
    met: measured <= target,
  };
}
