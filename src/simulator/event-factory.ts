import { AlertShape, AlertSpec } from './alert-spec';
import {
  ACCESS_DOOR_STATES,
  AlertSource,
  ChangeType,
  Entity,
  TRIGGERS,
  TriggerInfo,
} from './catalog';
import { DemoOrg, SimCamera, SimSensor } from './demo-org';
import { JsonObject } from './json';
import { SeededRandom } from './random';

/** Alert shapes the simulator can be set to; `mixed` alternates. */
export type AlertShapeSetting = AlertShape | 'mixed';

interface ResolvedAlert {
  readonly uuid: string;
  readonly deviceUuid: string;
  readonly locationUuid: string | undefined;
  readonly triggers: readonly string[];
  readonly textDescription: string;
  readonly timestampMs: number;
  readonly durationSec: number;
  readonly updates: number;
  readonly dismiss: boolean;
  readonly shape: AlertShape;
}

/**
 * Builds change-topic event bodies for the demo organisation: device state
 * changes and policy alert sequences. It also updates the organisation's
 * device state, so REST lists agree with what the topic announced.
 */
export class EventFactory {
  private alertCount = 0;

  constructor(
    private readonly org: DemoOrg,
    private readonly random: SeededRandom,
    private readonly clock: () => number,
    private readonly shape: AlertShapeSetting,
  ) {}

  /**
   * One random occurrence: a list of events meant to be sent in order.
   * Alerts are the most common, as on a busy real site.
   */
  randomOccurrence(): JsonObject[] {
    const roll = this.random.next();
    if (roll < 0.45) {
      return this.alert();
    }

    if (roll < 0.7) {
      return [this.cameraStateChange()];
    }

    if (roll < 0.88) {
      return [this.doorSensorChange()];
    }

    return [this.accessDoorChange()];
  }

  /** A camera's connection status flips (GREEN to trouble, or back). */
  cameraStateChange(): JsonObject {
    const camera = this.random.pick(this.org.cameras);
    camera.connectionStatus =
      camera.connectionStatus === 'GREEN'
        ? this.random.pick(['YELLOW', 'RED'])
        : 'GREEN';
    const entity = this.random.pick([Entity.CameraState, Entity.Camera]);

    return this.deviceUpdate(entity, camera, {
      uuid: camera.uuid,
      name: camera.name,
      locationUuid: camera.locationUuid,
      connectionStatus: camera.connectionStatus,
    });
  }

  /** A door sensor opens or closes. */
  doorSensorChange(): JsonObject {
    const door = this.random.pick(this.org.doorSensors);
    door.status = door.status === 'CLOSED' ? 'OPEN' : 'CLOSED';
    const entity = this.random.pick([Entity.DoorState, Entity.DoorSensor]);

    return this.deviceUpdate(entity, door, {
      sensorUuid: door.uuid,
      name: door.name,
      locationUuid: door.locationUuid,
      status: door.status,
    });
  }

  /** An access controlled door is unlocked or returns to access control. */
  accessDoorChange(): JsonObject {
    const door = this.random.pick(this.org.accessDoors);
    const [controlled, unlocked] = ACCESS_DOOR_STATES;
    door.status = door.status === controlled ? unlocked : controlled;

    return this.deviceUpdate(Entity.AccessControlledDoor, door, {
      uuid: door.uuid,
      name: door.name,
      locationUuid: door.locationUuid,
      state: door.status,
    });
  }

  /**
   * The events of one alert: a CREATE, one or more UPDATEs as it is
   * finalised, and sometimes a DELETE when it is dismissed.
   */
  alert(spec: AlertSpec = {}): JsonObject[] {
    const alert = this.resolve(spec);
    this.alertCount++;
    const events = [this.alertEvent(alert, ChangeType.Create, 0, false)];

    for (let i = 1; i <= alert.updates; i++) {
      const duration = Math.round((alert.durationSec * i) / alert.updates);
      const finalized = i === alert.updates;
      events.push(
        this.alertEvent(alert, ChangeType.Update, duration, finalized),
      );
    }

    if (alert.dismiss) {
      events.push(this.alertDeletion(alert));
    }

    return events;
  }

  private deviceUpdate(
    entity: string,
    device: SimCamera | SimSensor,
    update: JsonObject,
  ): JsonObject {
    return {
      entity,
      entityUuid: device.uuid,
      type: ChangeType.Update,
      deviceUuid: device.uuid,
      locationUuid: device.locationUuid,
      timestampMs: this.clock(),
      update,
    };
  }

  private resolve(spec: AlertSpec): ResolvedAlert {
    const info = this.chooseTrigger(spec);
    const device = this.chooseDevice(spec.deviceUuid, info.source);
    const triggers = spec.triggers ?? [info.name];

    return {
      uuid: spec.uuid ?? this.random.uuid(),
      deviceUuid: device.uuid,
      locationUuid: device.locationUuid,
      triggers: [...triggers],
      textDescription:
        spec.textDescription ??
        info.description.replace('{device}', device.name),
      timestampMs: spec.timestampMs ?? this.clock(),
      durationSec: spec.durationSec ?? this.random.int(2, 45),
      updates: Math.max(1, spec.updates ?? this.random.int(1, 3)),
      dismiss: spec.dismiss ?? this.random.chance(0.15),
      shape: spec.shape ?? this.nextShape(),
    };
  }

  private chooseTrigger(spec: AlertSpec): TriggerInfo {
    const first = spec.triggers?.[0];
    const known = TRIGGERS.find((entry) => entry.name === first);
    if (known !== undefined) {
      return known;
    }

    if (first !== undefined) {
      return { name: first, source: 'camera', description: first };
    }

    return this.random.pick(TRIGGERS);
  }

  private chooseDevice(
    deviceUuid: string | undefined,
    source: AlertSource,
  ): { uuid: string; name: string; locationUuid: string | undefined } {
    if (deviceUuid === undefined) {
      return this.random.pick(this.devicesOf(source));
    }

    const known = this.allDevices().find((d) => d.uuid === deviceUuid);

    return (
      known ?? { uuid: deviceUuid, name: 'device', locationUuid: undefined }
    );
  }

  private devicesOf(source: AlertSource): readonly (SimCamera | SimSensor)[] {
    switch (source) {
      case 'camera':
        return this.org.cameras;
      case 'door':
        return this.org.doorSensors;
      case 'accessDoor':
        return this.org.accessDoors;
      case 'climate':
        return this.org.climateSensors;
      case 'button':
        return this.org.buttons;
    }
  }

  private allDevices(): (SimCamera | SimSensor)[] {
    const org = this.org;

    return [
      ...org.cameras,
      ...org.doorSensors,
      ...org.accessDoors,
      ...org.climateSensors,
      ...org.buttons,
    ];
  }

  private nextShape(): AlertShape {
    if (this.shape !== 'mixed') {
      return this.shape;
    }

    return this.alertCount % 2 === 0 ? 'flat' : 'nested';
  }

  private alertEvent(
    alert: ResolvedAlert,
    type: string,
    durationSec: number,
    finalized: boolean,
  ): JsonObject {
    const fields = {
      timestampMs: alert.timestampMs,
      durationSec,
      finalized,
      policyAlertTriggers: [...alert.triggers],
      textDescription: alert.textDescription,
    };
    const core = {
      entity: Entity.PolicyAlert,
      entityUuid: alert.uuid,
      type,
      deviceUuid: alert.deviceUuid,
    };
    if (alert.shape === 'flat') {
      return { ...core, ...fields };
    }

    return {
      ...core,
      update: {
        uuid: alert.uuid,
        deviceUuid: alert.deviceUuid,
        locationUuid: alert.locationUuid,
        ...fields,
        thumbnailLocationV2: `thumbnails/${alert.deviceUuid}/${alert.uuid}.jpg`,
      },
    };
  }

  /** A dismissal carries only the core fields, in both shapes. */
  private alertDeletion(alert: ResolvedAlert): JsonObject {
    return {
      entity: Entity.PolicyAlert,
      entityUuid: alert.uuid,
      type: ChangeType.Delete,
      deviceUuid: alert.deviceUuid,
      timestampMs: this.clock(),
    };
  }
}
