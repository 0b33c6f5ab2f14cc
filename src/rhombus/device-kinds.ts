import { asString, isRecord, type JsonObject } from './json-guards';

/** The kinds of Rhombus device this package lists by name. */
export type DeviceKind =
  | 'camera'
  | 'door'
  | 'climate'
  | 'button'
  | 'occupancy'
  | 'proximity'
  | 'badge-reader'
  | 'doorbell-camera'
  | 'audio-gateway';

/** One device of the account, as the directory and the editor see it. */
export interface DeviceInfo {
  readonly uuid: string;
  /** The name given in the Rhombus console; empty when it has none. */
  readonly name: string;
  readonly kind: DeviceKind;
  readonly locationUuid?: string;
}

/** Where the REST API lists the devices of one kind. */
export interface DeviceListSource {
  readonly kind: DeviceKind;
  readonly path: string;
  /** The reply's key holding the array of device states. */
  readonly listKey: string;
}

/**
 * Every device list endpoint, cameras first so that a device reported by two
 * lists keeps its camera entry. List keys are from the OpenAPI spec: most are
 * `*States`, but buttons answer with `states` and badge readers and doorbell
 * cameras with `minimalStates`.
 */
export const DEVICE_LIST_SOURCES: readonly DeviceListSource[] = [
  {
    kind: 'camera',
    path: '/camera/getMinimalCameraStateList',
    listKey: 'cameraStates',
  },
  {
    kind: 'door',
    path: '/door/getMinimalDoorStateList',
    listKey: 'doorStates',
  },
  {
    kind: 'climate',
    path: '/climate/getMinimalClimateStateList',
    listKey: 'climateStates',
  },
  {
    kind: 'button',
    path: '/button/getMinimalButtonStateList',
    listKey: 'states',
  },
  {
    kind: 'occupancy',
    path: '/occupancy/getMinimalOccupancySensorStateList',
    listKey: 'occupancySensorStates',
  },
  {
    kind: 'proximity',
    path: '/proximity/getMinimalProximityStateList',
    listKey: 'proximityStates',
  },
  {
    kind: 'badge-reader',
    path: '/badgereader/getMinimalStateList',
    listKey: 'minimalStates',
  },
  {
    kind: 'doorbell-camera',
    path: '/doorbellcamera/getMinimalStateList',
    listKey: 'minimalStates',
  },
  {
    kind: 'audio-gateway',
    path: '/audiogateway/getMinimalAudioGatewayStateList',
    listKey: 'audioGatewayStates',
  },
];

/**
 * The devices in one list reply. Sensors name their id `sensorUuid` and
 * proximity tags `tagUuid` rather than `uuid`; entries with no id at all are
 * skipped.
 *
 * @returns `undefined` when the list key holds something other than an array
 */
export function devicesFromReply(
  reply: JsonObject,
  source: DeviceListSource,
): DeviceInfo[] | undefined {
  const list = reply[source.listKey];
  if (list === undefined || list === null) {
    return [];
  }

  if (!Array.isArray(list)) {
    return undefined;
  }

  const devices: DeviceInfo[] = [];
  for (const entry of list) {
    const device = isRecord(entry) ? toDeviceInfo(entry, source.kind) : null;
    if (device) {
      devices.push(device);
    }
  }
  return devices;
}

function toDeviceInfo(state: JsonObject, kind: DeviceKind): DeviceInfo | null {
  const uuid =
    asString(state.uuid) ??
    asString(state.sensorUuid) ??
    asString(state.tagUuid);
  if (uuid === undefined) {
    return null;
  }

  const name = asString(state.name) ?? '';
  const locationUuid = asString(state.locationUuid);
  return locationUuid === undefined
    ? { uuid, name, kind }
    : { uuid, name, kind, locationUuid };
}
