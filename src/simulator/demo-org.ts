import { SeededRandom } from './random';

/** A location as `getLocationsV2` returns it. */
export interface SimLocation {
  readonly uuid: string;
  readonly name: string;
  readonly tz: string;
}

/** A camera; `connectionStatus` changes as the simulator runs. */
export interface SimCamera {
  readonly uuid: string;
  readonly name: string;
  readonly locationUuid: string;
  connectionStatus: string;
}

/**
 * A sensor-like device (door sensor, climate sensor, button, access
 * controlled door). `status` is only meaningful for door sensors.
 */
export interface SimSensor {
  readonly uuid: string;
  readonly name: string;
  readonly locationUuid: string;
  status: string;
}

/** The whole demo organisation the simulator serves. */
export interface DemoOrg {
  readonly uuid: string;
  readonly name: string;
  readonly locations: readonly SimLocation[];
  readonly cameras: readonly SimCamera[];
  readonly doorSensors: readonly SimSensor[];
  readonly climateSensors: readonly SimSensor[];
  readonly buttons: readonly SimSensor[];
  readonly accessDoors: readonly SimSensor[];
}

/**
 * Builds the demo organisation. Every uuid comes from `random`, so the same
 * seed always yields the same organisation.
 */
export function createDemoOrg(random: SeededRandom, name: string): DemoOrg {
  const uuid = random.uuid();
  const [hq, warehouse, home] = [
    location(random, 'HQ', 'America/Los_Angeles'),
    location(random, 'Warehouse', 'America/Chicago'),
    location(random, 'Home', 'America/New_York'),
  ];

  return {
    uuid,
    name,
    locations: [hq, warehouse, home],
    cameras: [
      camera(random, 'Front Door', hq),
      camera(random, 'Lobby', hq),
      camera(random, 'Loading Bay', warehouse),
      camera(random, 'Driveway', home),
      camera(random, 'Back Yard', home),
    ],
    doorSensors: [
      sensor(random, 'Side Door', hq, 'CLOSED'),
      sensor(random, 'Roll-up Door', warehouse, 'CLOSED'),
    ],
    climateSensors: [sensor(random, 'Server Room', hq, '')],
    buttons: [sensor(random, 'Reception Panic Button', hq, '')],
    accessDoors: [sensor(random, 'Main Entrance', hq, 'ACCESS_CONTROLLED')],
  };
}

function location(random: SeededRandom, name: string, tz: string) {
  return { uuid: random.uuid(), name, tz };
}

function camera(
  random: SeededRandom,
  name: string,
  at: SimLocation,
): SimCamera {
  return {
    uuid: random.uuid(),
    name,
    locationUuid: at.uuid,
    connectionStatus: 'GREEN',
  };
}

function sensor(
  random: SeededRandom,
  name: string,
  at: SimLocation,
  status: string,
): SimSensor {
  return { uuid: random.uuid(), name, locationUuid: at.uuid, status };
}
