import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { BenchResults } from './results';

/** Where each run's figures go (git-ignored). */
export const RESULTS_FILE = path.join(__dirname, 'results', 'latest.json');

/** Writes `results` to RESULTS_FILE; returns the path. */
export function writeResults(results: BenchResults): string {
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  return RESULTS_FILE;
}

/** The run as Markdown: machine, one table per part, then the targets. */
export function renderReport(results: BenchResults): string {
  return [
    machineLines(results),
    connectionTable(results),
    nodeRedTable(results),
    fanOutTable(results),
    latencyTable(results),
    memoryTable(results),
    idleTable(results),
    targetTable(results),
  ].join('\n\n');
}

function machineLines({ machine, events, ...run }: BenchResults): string {
  return [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ` +
      `${machine.memoryGiB} GiB, ${machine.os}`,
    `Node.js ${machine.node}, Node-RED ${machine.nodeRed}, ws ` +
      `${machine.ws}, @stomp/stompjs ${machine.stompjs}`,
    `Events: ${events.distinct} distinct, body ${Math.round(
      events.meanBodyBytes,
    )} B, frame ${Math.round(events.meanFrameBytes)} B on average`,
    `Run: \`${run.command}\`, ${Math.round(run.durationSeconds)} s, ` +
      `${run.options.rounds} rounds, medians shown`,
  ].join('  \n');
}

function connectionTable({ connection }: BenchResults): string {
  return table(
    `Connection layer: WebSocket message to parsed event ` +
      `(${thousands(connection.eventsPerRound)} events a round)`,
    ['contender', 'events/s', '× floor', '× stompjs'],
    connection.contenders.map((c) => [
      c.name,
      rate(c.medianRate),
      times(c.vsFloor),
      times(c.vsStompjs),
    ]),
  );
}

function nodeRedTable({ nodeRed, nodeRedBound }: BenchResults): string {
  return table(
    `Through Node-RED into a downstream node ` +
      `(${thousands(nodeRed.eventsPerRound)} events a round)`,
    ['path', 'events/s', '× floor'],
    [
      [
        'floor: a node sending ready-made msgs',
        rate(nodeRed.floorMedian),
        '1.00×',
      ],
      [
        'rhombus-events, from the socket',
        rate(nodeRed.oursMedian),
        times(nodeRed.vsFloor),
      ],
      [
        'bound for any socket-fed node: ws + JSON.parse floor, then ' +
          'Node-RED floor (derived)',
        rate(nodeRedBound.eventsPerSecond),
        times(nodeRedBound.vsFloor),
      ],
    ],
  );
}

function fanOutTable({ fanOut }: BenchResults): string {
  return table(
    `Fan-out: nodes on one connection, all but one filtering every event ` +
      `out (${thousands(fanOut.eventsPerRound)} events a round)`,
    ['rhombus-events nodes', 'events/s', '× one node'],
    fanOut.sizes.map((s) => [
      String(s.nodes),
      rate(s.medianRate),
      times(s.vsOne),
    ]),
  );
}

function latencyTable({ latency }: BenchResults): string {
  return table(
    `Latency, server send to downstream node, at a steady ` +
      `${thousands(latency.perSecond)} events/s`,
    ['p50', 'p99', 'max', 'event-loop delay p99 meanwhile'],
    [
      [
        ms(latency.p50Ms),
        ms(latency.p99Ms),
        ms(latency.maxMs),
        ms(latency.loopDelayP99Ms),
      ],
    ],
  );
}

function memoryTable({ memory }: BenchResults): string {
  const { before, after } = memory;

  return table(
    `Memory after GC, before and after ${thousands(memory.events)} events`,
    ['', 'before', 'after', 'growth'],
    [
      ['RSS', mb(before.rssMB), mb(after.rssMB), mb(memory.rssGrowthMB)],
      [
        'heap used',
        mb(before.heapUsedMB),
        mb(after.heapUsedMB),
        mb(memory.heapGrowthMB),
      ],
    ],
  );
}

function idleTable({ idle }: BenchResults): string {
  const row = (name: string, w: BenchResults['idle']['connected']) => [
    `${name} (${w.seconds} s)`,
    `${w.cpuMsPerMinute.toFixed(0)} ms`,
    `${w.corePercent.toFixed(2)} %`,
  ];

  return table(
    'Idle cost: CPU time of the whole process',
    ['', 'CPU per minute', 'of one core'],
    [
      row('Node-RED alone', idle.runtimeOnly),
      row('+ config node connected, idle', idle.connected),
      ['difference', `${idle.configNodeMsPerMinute.toFixed(0)} ms`, ''],
    ],
  );
}

function targetTable({ targets }: BenchResults): string {
  return table(
    'Targets',
    ['target', 'wanted', 'measured', 'met'],
    targets.map((t) => [
      t.name,
      t.target,
      t.unit === '×' ? times(t.measured) : `${t.measured.toFixed(2)} ${t.unit}`,
      t.met ? 'yes' : '**no**',
    ]),
  );
}

function table(title: string, head: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;

  return [
    `**${title}**`,
    '',
    line(head),
    line(head.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...rows.map(line),
  ].join('\n');
}

function rate(eventsPerSecond: number): string {
  return thousands(Math.round(eventsPerSecond));
}

function thousands(value: number): string {
  return value.toLocaleString('en');
}

function times(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

function mb(value: number): string {
  return `${value.toFixed(1)} MB`;
}
