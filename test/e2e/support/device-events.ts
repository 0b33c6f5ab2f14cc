import type { RhombusSimulator } from '../../../src/simulator';

/** An event the test publishes and the topic it must come out on. */
export interface ExpectedEvent {
  readonly body: Record<string, unknown>;
  readonly entityUuid: string;
  /** `rhombus/<location>/<device>/<entity>`, as the README documents. */
  readonly topic: string;
}

interface Device {
  readonly uuid: string;
  readonly name: string;
  readonly locationUuid: string;
}

/**
 * `count` events spread over the simulator's cameras and door sensors,
 * each with a uuid of its own, and the documented topic each maps to.
 * The topic is worked out here from the names, independently of the
 * package's own topic code.
 */
export function deviceEvents(
  simulator: RhombusSimulator,
  count: number,
  tag: string,
): ExpectedEvent[] {
  const devices: [Device, string][] = [
    ...simulator.org.cameras.map((d): [Device, string] => [d, 'CAMERA_STATE']),
    ...simulator.org.doorSensors.map((d): [Device, string] => [
      d,
      'DOOR_SENSOR',
    ]),
  ];

  return Array.from({ length: count }, (_, index) => {
    const [device, entity] = devices[index % devices.length] as [
      Device,
      string,
    ];
    return deviceEvent(simulator, device, entity, `${tag}-${index}`);
  });
}

function deviceEvent(
  simulator: RhombusSimulator,
  device: Device,
  entity: string,
  entityUuid: string,
): ExpectedEvent {
  const location = simulator.org.locations.find(
    (candidate) => candidate.uuid === device.locationUuid,
  );

  return {
    body: {
      entity,
      entityUuid,
      type: 'UPDATE',
      deviceUuid: device.uuid,
      locationUuid: device.locationUuid,
      timestampMs: Date.now(),
    },
    entityUuid,
    topic: [
      'rhombus',
      topicLevel(location?.name ?? ''),
      topicLevel(device.name),
      topicLevel(entity),
    ].join('/'),
  };
}

/** "Front Door" → "front-door", "DOOR_SENSOR" → "door-sensor". */
function topicLevel(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
