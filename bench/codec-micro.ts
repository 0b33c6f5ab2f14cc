/**
 * Micro-benchmark of the STOMP frame decoder against the floor it must
 * approach: JSON.parse of the same event bodies with no STOMP at all (what a
 * raw WebSocket carrying bare JSON would cost). Not a test; run with
 *
 *   node --import tsx bench/codec-micro.ts
 *
 * Every case turns 1000 distinct MESSAGE frames (about 300 bytes of JSON,
 * five headers, one frame per Buffer as `ws` hands them over) into parsed
 * events, round after round; the best round of each case is printed. Rates
 * are per second of this process's CPU time, not of wall time, so that other
 * work on a shared machine disturbs them less.
 */
import { encodeFrame, FrameDecoder, type StompFrame } from '../src/stomp';

const FRAME_COUNT = 1000;
const ROUNDS = 7;
const EVENTS_PER_ROUND = 200_000;

interface Case {
  readonly name: string;
  /** Processes every message once; returns how many events came out. */
  readonly run: () => number;
}

function eventJson(index: number): string {
  return JSON.stringify({
    alertUuid: `a1b2c3d4-${String(index).padStart(4, '0')}-4e5f-9a8b-0c1d2e3f4a5b`,
    deviceUuid: 'CAMxyzABCDEFGHijklmn',
    activity: 'HUMAN_MOTION',
    timestampMs: 1_700_000_000_000 + index,
    locationUuid: 'LOCabcdefghijklmnop',
    policyAlertTriggers: ['HUMAN', 'MOTION'],
    thumbnailLocation: 'us-west-2',
    summary: 'Person detected at Front Door',
  });
}

function messageFrame(index: number, body: string): Buffer {
  return encodeFrame({
    command: 'MESSAGE',
    headers: {
      destination: '/topic/change/ORG0123456789abcdef',
      'message-id': `T_ID-${index}-${1000 + index}`,
      subscription: 'sub-0',
      'content-type': 'application/json',
    },
    body,
  });
}

const bodies = Array.from({ length: FRAME_COUNT }, (_, i) => eventJson(i));
const jsonMessages = bodies.map((body) => Buffer.from(body, 'utf8'));
const frames = bodies.map((body, i) => messageFrame(i, body));
const halves = frames.flatMap((frame) => {
  const cut = frame.length >> 1;

  return [frame.subarray(0, cut), frame.subarray(cut)];
});

let sink: unknown;
let decoded = 0;

const parsingDecoder = new FrameDecoder({
  onFrame: (frame: StompFrame) => {
    sink = JSON.parse(frame.bodyText ?? frame.body.toString('utf8'));
    decoded += 1;
  },
  onError: (error) => {
    throw error;
  },
});
const decodeOnly = new FrameDecoder({
  onFrame: (frame: StompFrame) => {
    sink = frame;
    decoded += 1;
  },
  onError: (error) => {
    throw error;
  },
});

/** The split-on-blank-line parser the issue measured, for context. */
function naiveParse(message: Buffer): unknown {
  const text = message.toString('utf8');
  const blank = text.indexOf('\n\n');
  const headers: Record<string, string> = {};

  for (const line of text.slice(0, blank).split('\n').slice(1)) {
    const colon = line.indexOf(':');

    headers[line.slice(0, colon)] = line.slice(colon + 1);
  }
  // Returned with the event so that the work on headers is not optimised
  // away, as it would be in a real consumer.
  return { headers, event: JSON.parse(text.slice(blank + 2, -1)) };
}

const cases: readonly Case[] = [
  {
    name: 'raw JSON.parse of bare bodies (floor)',
    run: () => {
      for (const message of jsonMessages) {
        sink = JSON.parse(message.toString('utf8'));
      }
      return jsonMessages.length;
    },
  },
  {
    name: 'FrameDecoder + JSON.parse of body',
    run: () => countDecoded(parsingDecoder, frames),
  },
  {
    name: 'FrameDecoder alone (no JSON.parse)',
    run: () => countDecoded(decodeOnly, frames),
  },
  {
    name: 'FrameDecoder + JSON.parse, frames split in two',
    run: () => countDecoded(parsingDecoder, halves),
  },
  {
    name: 'naive split-on-blank-line + JSON.parse',
    run: () => {
      for (const message of frames) sink = naiveParse(message);
      return frames.length;
    },
  },
];

function countDecoded(decoder: FrameDecoder, messages: Buffer[]): number {
  decoded = 0;
  for (const message of messages) decoder.push(message);
  return decoded;
}

/** Events per second of the best round. */
function measure(benchCase: Case): number {
  let best = 0;

  for (let round = 0; round < ROUNDS; round++) {
    let events = 0;
    const started = process.cpuUsage();

    while (events < EVENTS_PER_ROUND) events += benchCase.run();

    const used = process.cpuUsage(started);
    const seconds = (used.user + used.system) / 1e6;

    best = Math.max(best, events / seconds);
  }
  return best;
}

function main(): void {
  const floor = measure(cases[0]);

  console.log(
    `frame size: ${frames[0].length} bytes, body ${bodies[0].length}`,
  );
  for (const benchCase of cases) {
    const rate = benchCase === cases[0] ? floor : measure(benchCase);
    const ratio = (rate / floor).toFixed(2);

    console.log(
      `${benchCase.name.padEnd(48)} ${Math.round(rate / 1000)}k events/s` +
        `  (${ratio}x floor)`,
    );
  }
  if (sink === undefined) console.log('nothing decoded');
}

main();
