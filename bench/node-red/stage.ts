import { eventsFromBody } from '../../src/rhombus/normalise';
import { compileTopic, DEFAULT_EVENTS_TOPIC } from '../../src/nodes/topic';
import type { BenchServer } from '../server/handle';
import type { ReadyMessage } from './bench-nodes';
import {
  configNode,
  credentialsFor,
  eventsNode,
  floorNode,
  nonMatchingFilter,
  sinkNode,
  type FlowNode,
} from './flows';
import { deploy } from './runtime';

/** Ids and server labels of the deployed bench flow. */
export const PIPELINE = {
  label: 'pipeline',
  sink: 'sink-pipeline',
  floor: 'floor',
} as const;

/** The fan-out group of `size` nodes: its server label and its sink. */
export function fanOutGroup(size: number): { label: string; sink: string } {
  return { label: `fan-out-${size}`, sink: `sink-fan-out-${size}` };
}

/**
 * Deploys the flow the throughput, fan-out, latency and memory parts
 * share, and waits until every connection has subscribed:
 *
 * - pipeline: one rhombus-events node into a sink, and beside it the floor
 *   node wired into the same sink;
 * - one group per fan-out size: that many rhombus-events nodes on one
 *   config node (one connection), all wired to the group's sink; the first
 *   lets everything through, the others filter on what never comes.
 *
 * Every group has its own config node, so its own connection; the server
 * sends to one group at a time and the others sit idle.
 */
export async function deployStage(
  server: BenchServer,
  fanOutSizes: readonly number[],
): Promise<void> {
  const flow = [
    ...pipelineNodes(server),
    ...fanOutSizes.flatMap((size) => fanOutNodes(server, size)),
  ];
  const labels = [PIPELINE.label, ...fanOutSizes.map(fanOutLabel)];

  await deploy(flow, credentialsFor(flow, server.info.apiKey));
  await Promise.all(labels.map((label) => server.waitSubscribed(label)));
}

/**
 * The floor's messages: the same events, normalised and with the topic
 * the events node would give them, built once before any measurement.
 */
export function readyMessages(bodies: readonly string[]): ReadyMessage[] {
  const topic = compileTopic(DEFAULT_EVENTS_TOPIC);

  return bodies.flatMap((body) =>
    eventsFromBody(body).events.map((event) => ({
      topic: topic(event),
      payload: event,
    })),
  );
}

function pipelineNodes(server: BenchServer): FlowNode[] {
  const config = `config-${PIPELINE.label}`;

  return [
    configNode(
      config,
      server.info.restUrl,
      server.url('stomp', PIPELINE.label),
    ),
    eventsNode('events-pipeline', config, PIPELINE.sink),
    floorNode(PIPELINE.floor, PIPELINE.sink),
    sinkNode(PIPELINE.sink),
  ];
}

function fanOutNodes(server: BenchServer, size: number): FlowNode[] {
  const { label, sink } = fanOutGroup(size);
  const config = `config-${label}`;
  const nodes = [
    configNode(config, server.info.restUrl, server.url('stomp', label)),
    sinkNode(sink),
  ];

  for (let i = 0; i < size; i++) {
    const filter = i === 0 ? {} : nonMatchingFilter(i);

    nodes.push(eventsNode(`events-${label}-${i}`, config, sink, filter));
  }
  return nodes;
}

function fanOutLabel(size: number): string {
  return fanOutGroup(size).label;
}
