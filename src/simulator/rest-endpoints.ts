import { AlertHistory } from './alert-history';
import { DemoOrg, SimSensor } from './demo-org';
import { JsonObject, numberField, stringField, stringListField } from './json';

/** What the endpoints read: the organisation, alerts and a few settings. */
export interface EndpointContext {
  readonly org: DemoOrg;
  readonly history: AlertHistory;
  readonly locationsPageSize: number;
  /** Absolute base URL of the server, e.g. `http://127.0.0.1:4000`. */
  baseUrl(): string;
}

/** One REST endpoint: request body in, response body out. */
export type Endpoint = (
  body: JsonObject,
  context: EndpointContext,
) => JsonObject;

/**
 * The REST endpoints the simulator serves, by path under `/api`. Device
 * lists use the response keys of the public OpenAPI spec, which are not
 * all `*States`: buttons answer `states`, badge readers and doorbell
 * cameras `minimalStates`.
 */
export const ENDPOINTS: ReadonlyMap<string, Endpoint> = new Map([
  ['/org/getOrgV2', orgV2],
  ['/camera/getMinimalCameraStateList', cameraStates],
  ['/door/getMinimalDoorStateList', doorStates],
  ['/climate/getMinimalClimateStateList', climateStates],
  ['/button/getMinimalButtonStateList', buttonStates],
  [
    '/occupancy/getMinimalOccupancySensorStateList',
    emptyList('occupancySensorStates'),
  ],
  ['/proximity/getMinimalProximityStateList', emptyList('proximityStates')],
  ['/badgereader/getMinimalStateList', emptyList('minimalStates')],
  ['/doorbellcamera/getMinimalStateList', emptyList('minimalStates')],
  [
    '/audiogateway/getMinimalAudioGatewayStateList',
    emptyList('audioGatewayStates'),
  ],
  ['/location/getLocationsV2', locations],
  ['/event/getPolicyAlertsV2', policyAlerts],
  ['/event/getPolicyAlertDetails', policyAlertDetails],
  ['/video/getExactFrameUri', exactFrameUri],
]);

/** An in-band failure: HTTP 200 with `error: true`, as Rhombus does. */
export function inBandError(errorMsg: string): JsonObject {
  return { error: true, errorMsg };
}

function orgV2(_body: JsonObject, { org }: EndpointContext): JsonObject {
  return { org: { uuid: org.uuid, name: org.name } };
}

/** Device kinds the demo organisation has none of. */
function emptyList(key: string): Endpoint {
  return () => ({ [key]: [] });
}

function cameraStates(_body: JsonObject, { org }: EndpointContext): JsonObject {
  return {
    cameraStates: org.cameras.map((camera) => ({
      uuid: camera.uuid,
      name: camera.name,
      locationUuid: camera.locationUuid,
      connectionStatus: camera.connectionStatus,
    })),
  };
}

function doorStates(_body: JsonObject, { org }: EndpointContext): JsonObject {
  return {
    doorStates: org.doorSensors.map((door) => ({
      ...sensorState(door),
      status: door.status,
    })),
  };
}

function climateStates(
  _body: JsonObject,
  { org }: EndpointContext,
): JsonObject {
  return { climateStates: org.climateSensors.map(sensorState) };
}

function buttonStates(_body: JsonObject, { org }: EndpointContext): JsonObject {
  return { states: org.buttons.map(sensorState) };
}

/** Sensors are identified by `sensorUuid` in their minimal states. */
function sensorState(sensor: SimSensor): JsonObject {
  return {
    sensorUuid: sensor.uuid,
    name: sensor.name,
    locationUuid: sensor.locationUuid,
  };
}

/**
 * Pages through locations. The key is an opaque cursor (the offset of the
 * next location) and is present only while more pages remain.
 */
function locations(body: JsonObject, context: EndpointContext): JsonObject {
  const prefix = stringField(body, 'nameBeginsWithFilter') ?? '';
  const matching = context.org.locations.filter((l) =>
    l.name.startsWith(prefix),
  );
  const pageSize =
    numberField(body, 'maxPageSize') ?? context.locationsPageSize;
  const start = decodeCursor(stringField(body, 'lastEvaluatedKey'));
  if (start === undefined || pageSize < 1) {
    return inBandError('Invalid lastEvaluatedKey or maxPageSize');
  }

  const end = start + pageSize;
  const page = matching
    .slice(start, end)
    .map(({ uuid, name, tz }) => ({ uuid, name, tz }));

  return end < matching.length
    ? { locations: page, lastEvaluatedKey: encodeCursor(end) }
    : { locations: page };
}

function encodeCursor(offset: number): string {
  return Buffer.from(`location:${offset}`).toString('base64url');
}

function decodeCursor(key: string | undefined): number | undefined {
  if (key === undefined) {
    return 0;
  }

  const match = /^location:(\d+)$/.exec(
    Buffer.from(key, 'base64url').toString(),
  );

  return match === null ? undefined : Number(match[1]);
}

function policyAlerts(
  body: JsonObject,
  { history }: EndpointContext,
): JsonObject {
  return {
    policyAlerts: history.query({
      afterTimestampMs: numberField(body, 'afterTimestampMs'),
      beforeTimestampMs: numberField(body, 'beforeTimestampMs'),
      maxResults: numberField(body, 'maxResults'),
      deviceFilter: stringListField(body, 'deviceFilter'),
      locationFilter: stringListField(body, 'locationFilter'),
    }),
  };
}

function policyAlertDetails(
  body: JsonObject,
  { history }: EndpointContext,
): JsonObject {
  const uuid = stringField(body, 'policyAlertUuid');
  const alert = uuid === undefined ? undefined : history.get(uuid);
  if (alert === undefined) {
    return inBandError('Policy alert not found');
  }

  return { policyAlert: alert };
}

function exactFrameUri(body: JsonObject, context: EndpointContext): JsonObject {
  const cameraUuid = stringField(body, 'cameraUuid');
  const timestampMs = numberField(body, 'timestampMs');
  const known = context.org.cameras.some((c) => c.uuid === cameraUuid);
  if (cameraUuid === undefined || !known) {
    return inBandError('Camera not found');
  }

  if (timestampMs === undefined) {
    return inBandError('timestampMs is required');
  }

  const name = `${encodeURIComponent(cameraUuid)}/${Math.trunc(timestampMs)}.jpg`;

  return { frameUri: `${context.baseUrl()}/frames/${name}` };
}
