/**
 * The bench server process: a RhombusSimulator (REST, and STOMP with
 * Rhombus' heart-beats for the idle measurement) and a BlastServer on
 * loopback. It runs apart from the bench so that sending costs no CPU
 * time in the process being measured. Started by BenchServer; talks to
 * it over IPC (see protocol.ts).
 */
import { RhombusSimulator } from '../../src/simulator';
import { sleep } from '../clock';
import { BlastServer } from './blast-server';
import { eventBodies } from './event-bodies';
import type { Ready, Reply, Request } from './protocol';

const API_KEY = 'bench-api-key';

async function main(): Promise<void> {
  const simulator = new RhombusSimulator({ apiKeys: [API_KEY] });

  await simulator.start();

  const bodies = eventBodies(simulator.org);
  const server = new BlastServer(bodies, simulator.topic);
  const blastOrigin = await server.start();

  process.on('message', (request: Request) => {
    handle(request, server, simulator).then(
      () => reply({ kind: 'reply', id: request.id }),
      (error: unknown) =>
        reply({ kind: 'reply', id: request.id, error: String(error) }),
    );
  });
  process.on('disconnect', () => {
    void Promise.all([server.stop(), simulator.stop()]).then(() =>
      process.exit(0),
    );
  });
  reply(ready(blastOrigin, simulator, bodies, server));
}

function ready(
  blastOrigin: string,
  simulator: RhombusSimulator,
  bodies: readonly string[],
  server: BlastServer,
): Ready {
  const frames = server.framesFor('rhombus-0');
  const frameBytes = frames.reduce((sum, frame) => sum + frame.length, 0);

  return {
    kind: 'ready',
    blastOrigin,
    restUrl: simulator.restUrl,
    simulatorWsUrl: simulator.wsUrl,
    apiKey: API_KEY,
    bodies,
    meanFrameBytes: frameBytes / frames.length,
  };
}

async function handle(
  request: Request,
  server: BlastServer,
  simulator: RhombusSimulator,
): Promise<void> {
  switch (request.kind) {
    case 'wait-subscribed':
      return server.waitSubscribed(request.label);
    case 'blast':
      return server.blast(request.label, request.count);
    case 'pace':
      return server.pace(request.label, request.count, request.perSecond);
    case 'wait-simulator-subscribed':
      while (simulator.stats.sessionsSubscribed === 0) await sleep(20);
  }
}

function reply(message: Reply | Ready): void {
  process.send?.(message);
}

main().catch((error: unknown) => {
  console.error('bench server failed:', error);
  process.exit(1);
});
