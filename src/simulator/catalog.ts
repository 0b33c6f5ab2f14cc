/**
 * The few Rhombus names the simulator emits, copied from the public
 * OpenAPI enums (`Entity`, `ActivityEnum`, `DeviceStatusEnum`). Only names
 * that exist in the real service appear here, so code tested against the
 * simulator sees genuine values.
 */

/** Entity values used on the change topic. */
export const Entity = {
  PolicyAlert: 'POLICY_ALERT',
  Camera: 'CAMERA',
  CameraState: 'CAMERA_STATE',
  DoorSensor: 'DOOR_SENSOR',
  DoorState: 'DOOR_STATE',
  AccessControlledDoor: 'ACCESS_CONTROLLED_DOOR',
} as const;

/** Change types of the topic. */
export const ChangeType = {
  Create: 'CREATE',
  Update: 'UPDATE',
  Delete: 'DELETE',
} as const;

/** Values of `DeviceStatusEnum`, used for a camera's `connectionStatus`. */
export const CONNECTION_STATUSES = ['GREEN', 'YELLOW', 'RED'] as const;

/** Values of a door sensor's `status`. */
export const DOOR_STATUSES = ['OPEN', 'CLOSED', 'AJAR'] as const;

/** Values of `AccessControlledDoorStateEnumType`. */
export const ACCESS_DOOR_STATES = ['ACCESS_CONTROLLED', 'UNLOCKED'] as const;

/** Kinds of device an alert can come from. */
export type AlertSource =
  'camera' | 'door' | 'accessDoor' | 'climate' | 'button';

/** An alert trigger (`ActivityEnum` value) and how a person would say it. */
export interface TriggerInfo {
  readonly name: string;
  readonly source: AlertSource;
  /** Text for `textDescription`; `{device}` is replaced by the device name. */
  readonly description: string;
}

/**
 * Triggers the generator chooses from. People, vehicles and plain motion
 * are listed more than once on purpose: they dominate real alert traffic.
 */
export const TRIGGERS: readonly TriggerInfo[] = [
  trigger('MOTION_HUMAN', 'camera', 'A person was seen at {device}'),
  trigger('MOTION_HUMAN', 'camera', 'Someone walked past {device}'),
  trigger('MOTION_CAR', 'camera', 'A vehicle was seen at {device}'),
  trigger('MOTION_CAR', 'camera', 'A car pulled up at {device}'),
  trigger('MOTION_ANIMAL', 'camera', 'An animal was seen at {device}'),
  trigger('MOTION', 'camera', 'Motion at {device}'),
  trigger('FACE_IDENTIFIED', 'camera', 'A known face at {device}'),
  trigger('FACE_UNIDENTIFIED', 'camera', 'An unknown face at {device}'),
  trigger('LICENSEPLATE_IDENTIFIED', 'camera', 'A known plate at {device}'),
  trigger('LICENSEPLATE_UNIDENTIFIED', 'camera', 'A new plate at {device}'),
  trigger('TAMPER', 'camera', 'Possible tampering with {device}'),
  trigger('DOOR_OPENED', 'door', '{device} opened'),
  trigger('DOOR_AJAR', 'door', '{device} was left ajar'),
  trigger('AC_BADGE_AUTHORIZED', 'accessDoor', 'Badge accepted at {device}'),
  trigger('AC_BADGE_UNAUTHORIZED', 'accessDoor', 'Badge refused at {device}'),
  trigger('AC_DPI_DOOR_FORCED_OPEN', 'accessDoor', '{device} forced open'),
  trigger('TEMPERATURE_EXCEEDED_HIGH', 'climate', '{device} is too warm'),
  trigger('BUTTON_SINGLE_PRESSED', 'button', '{device} was pressed'),
];

function trigger(
  name: string,
  source: AlertSource,
  description: string,
): TriggerInfo {
  return { name, source, description };
}
