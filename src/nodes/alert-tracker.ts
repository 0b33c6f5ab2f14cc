import type { RhombusEvent } from '../rhombus/event-types';

/** What the alert node does with one policy-alert event. */
export enum AlertAction {
  /** The first time this alert is seen: send it on the alert output. */
  New = 'new',
  /** A later update of an alert already sent. */
  Update = 'update',
  /** The alert was dismissed: send it on the cleared output. */
  Cleared = 'cleared',
  /** Nothing to send (repeat, cooldown, or a clear of an unsent alert). */
  Skip = 'skip',
}

export interface AlertTrackerOptions {
  /** Per-device quiet time after an alert is sent; 0 turns it off. */
  readonly cooldownMs: number;
  /** Alerts remembered for de-duplication; the oldest are forgotten. */
  readonly capacity?: number;
  readonly now?: () => number;
}

interface AlertMemory {
  /** Whether the alert went out on the alert output. */
  sent: boolean;
  cleared: boolean;
}

const DEFAULT_CAPACITY = 5_000;

/**
 * Turns the stream's CREATE, UPDATE and DELETE events of policy alerts
 * into one decision per event: Rhombus sends several events per alert as
 * it is finalised, while a siren should sound once per alert, and stop
 * only for an alert that started it.
 */
export class AlertTracker {
  private readonly alerts = new Map<string, AlertMemory>();
  private readonly lastSentByDevice = new Map<string, number>();
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(private readonly options: AlertTrackerOptions) {
    this.capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.now = options.now ?? Date.now;
  }

  /** Whether this alert has been seen, whatever was done with it. */
  has(alertUuid: string): boolean {
    return this.alerts.has(alertUuid);
  }

  decide(event: RhombusEvent): AlertAction {
    const uuid = alertUuidOf(event);
    if (uuid === undefined) return AlertAction.Skip;

    return event.type === 'DELETE'
      ? this.decideClear(uuid)
      : this.decideRaise(uuid, event.deviceUuid);
  }

  private decideRaise(uuid: string, deviceUuid: string | undefined) {
    const memory = this.alerts.get(uuid);
    if (memory) {
      return memory.sent && !memory.cleared
        ? AlertAction.Update
        : AlertAction.Skip;
    }

    const sent = !this.coolingDown(deviceUuid);
    this.remember(uuid, { sent, cleared: false });
    if (sent && deviceUuid !== undefined && this.options.cooldownMs > 0) {
      this.lastSentByDevice.set(deviceUuid, this.now());
    }
    return sent ? AlertAction.New : AlertAction.Skip;
  }

  private decideClear(uuid: string): AlertAction {
    const memory = this.alerts.get(uuid);
    if (!memory?.sent || memory.cleared) return AlertAction.Skip;

    memory.cleared = true;
    return AlertAction.Cleared;
  }

  private coolingDown(deviceUuid: string | undefined): boolean {
    if (this.options.cooldownMs <= 0 || deviceUuid === undefined) {
      return false;
    }

    const last = this.lastSentByDevice.get(deviceUuid);
    return last !== undefined && this.now() - last < this.options.cooldownMs;
  }

  private remember(uuid: string, memory: AlertMemory): void {
    this.alerts.set(uuid, memory);
    if (this.alerts.size <= this.capacity) return;

    // Maps iterate in insertion order: the first key is the oldest alert.
    const oldest = this.alerts.keys().next();
    if (!oldest.done) this.alerts.delete(oldest.value);
  }
}

/** The alert's own uuid, wherever the event shape put it. */
export function alertUuidOf(event: RhombusEvent): string | undefined {
  return event.alert?.uuid ?? event.entityUuid;
}
