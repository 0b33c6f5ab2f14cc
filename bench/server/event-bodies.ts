import type { DemoOrg } from '../../src/simulator/demo-org';
import { EventFactory } from '../../src/simulator/event-factory';
import { SeededRandom } from '../../src/simulator/random';

/** How many distinct events the server cycles through. */
export const DISTINCT_EVENTS = 1000;

const FIRST_TIMESTAMP_MS = 1_760_000_000_000;

/**
 * Realistic change-stream bodies for the organisation `org`: alerts in
 * both wire shapes, camera, door and access-door changes, in the
 * simulator's proportions. The same seed gives the same bodies.
 */
export function eventBodies(org: DemoOrg, seed = 7): string[] {
  let clock = FIRST_TIMESTAMP_MS;
  const factory = new EventFactory(
    cloneOrg(org),
    new SeededRandom(seed),
    () => (clock += 137),
    'mixed',
  );
  const bodies: string[] = [];

  while (bodies.length < DISTINCT_EVENTS) {
    for (const event of factory.randomOccurrence()) {
      bodies.push(JSON.stringify(event));
    }
  }
  return bodies.slice(0, DISTINCT_EVENTS);
}

/**
 * The factory changes device states as it goes; a copy keeps the
 * simulator's organisation as its REST lists show it.
 */
function cloneOrg(org: DemoOrg): DemoOrg {
  return structuredClone(org);
}
