/** Change types of the Rhombus change stream; new ones may appear. */
export type ChangeType = 'CREATE' | 'UPDATE' | 'DELETE' | 'REFRESH' | string;

/**
 * One event of the change stream, in the single shape both flow nodes emit
 * as `msg.payload`, whichever of the two wire shapes it arrived in (alert
 * fields flat on the event, or nested under `update`).
 *
 * Fields are flat so that change and switch nodes can reach them with a
 * short path (`payload.deviceName`, `payload.triggers`).
 */
export interface RhombusEvent {
  /** Entity kind, e.g. `POLICY_ALERT`, `CAMERA`, `DOOR_SENSOR`. */
  entity: string;
  /** `CREATE`, `UPDATE`, `DELETE` or `REFRESH`. */
  type: ChangeType;
  /** Uuid of the changed entity (for an alert: the alert's uuid). */
  entityUuid: string | undefined;
  deviceUuid: string | undefined;
  /** Device name from the account, when the device is known. */
  deviceName: string | undefined;
  locationUuid: string | undefined;
  /** Location name from the account, when the location is known. */
  locationName: string | undefined;
  /** When the change happened, in ms since the epoch. */
  timestampMs: number | undefined;
  /** The same instant as an ISO 8601 string, for people and logs. */
  time: string | undefined;
  /** Policy alert fields; present only when `entity` is `POLICY_ALERT`. */
  alert: PolicyAlert | undefined;
  /** The event exactly as Rhombus sent it. */
  raw: Readonly<Record<string, unknown>>;
}

export interface PolicyAlert {
  uuid: string | undefined;
  /** `ActivityEnum` values, e.g. `MOTION_HUMAN`, `MOTION_CAR`. */
  triggers: string[];
  description: string | undefined;
  durationSec: number | undefined;
  finalized: boolean | undefined;
  /** Thumbnail location as Rhombus gave it, when it did. */
  thumbnail: unknown;
}
