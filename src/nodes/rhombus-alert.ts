import type { NodeAPI, NodeMessage } from 'node-red';

import type { RhombusEvent } from '../rhombus/event-types';
import {
  lacksAlertDetails,
  mergeAlertDetails,
  POLICY_ALERT_ENTITY,
} from '../rhombus/normalise';
import type { ConnectionLog } from '../connection/rhombus-connection';
import { joinAccount } from './account-user';
import { AlertAction, AlertTracker, alertUuidOf } from './alert-tracker';
import type { RhombusConfigNode } from './config-node';
import { compileFilter, listSetting, type EventFilter } from './event-filter';
import { filterSummary } from './filter-summary';
import type { RhombusAlertDef, RhombusAlertNode } from './flow-node-defs';
import { redactingLog } from './redacting-log';
import { registerSampleEndpoint, sampleAlert } from './sample-alert';
import { triggerSummary } from './trigger-summary';
import { compileTopic, DEFAULT_ALERT_TOPIC, type TopicTemplate } from './topic';

/** The options of one alert node, read once at deploy. */
interface AlertSettings {
  readonly filter: EventFilter;
  readonly topic: TopicTemplate;
  readonly passUpdates: boolean;
  readonly attachImage: boolean;
  readonly fetchDetails: boolean;
}

export = function registerRhombusAlert(RED: NodeAPI): void {
  function RhombusAlert(this: RhombusAlertNode, def: RhombusAlertDef): void {
    RED.nodes.createNode(this, def);

    const triggers = listSetting(def.triggers);
    const settings = readSettings(def, triggers);
    const tracker = new AlertTracker({
      cooldownMs: Math.max(0, Number(def.cooldown) || 0) * 1000,
    });
    const config = joinAccount(RED, this, def.config, {
      summary: filterSummary(def, triggerSummary(triggers)),
      onEvent: (event) => handler.onEvent(event),
      onCaughtUp: (alert) => handler.onCaughtUp(alert),
    });
    const handler = new AlertHandler(
      this,
      config,
      settings,
      tracker,
      redactingLog(this, config?.credentials.apiKey),
    );

    this.sendSample = () =>
      handler.emit(sampleAlert(triggers, listSetting(def.devices), config), {
        sample: true,
      });
  }

  RED.nodes.registerType('rhombus-alert', RhombusAlert);
  registerSampleEndpoint(RED);
};

function readSettings(
  def: RhombusAlertDef,
  triggers: readonly string[],
): AlertSettings {
  return {
    filter: compileFilter({
      triggers,
      devices: listSetting(def.devices),
      locations: listSetting(def.locations),
    }),
    topic: compileTopic(def.topic?.trim() || DEFAULT_ALERT_TOPIC),
    passUpdates: def.passUpdates === true,
    attachImage: def.attachImage === true,
    fetchDetails: def.fetchDetails !== false,
  };
}

/**
 * The behaviour of one alert node: which events become messages, on which
 * output, and what is attached to them.
 */
class AlertHandler {
  /** Alerts whose details are being looked up, so they are asked once. */
  private readonly lookingUp = new Set<string>();

  constructor(
    private readonly node: RhombusAlertNode,
    private readonly config: RhombusConfigNode | undefined,
    private readonly settings: AlertSettings,
    private readonly tracker: AlertTracker,
    private readonly log: ConnectionLog,
  ) {}

  onEvent(event: RhombusEvent): void {
    if (event.entity !== POLICY_ALERT_ENTITY) return;

    if (event.type === 'DELETE') {
      this.onCleared(event);
    } else if (this.needsDetails(event)) {
      void this.withDetails(event);
    } else {
      this.onRaised(event);
    }
  }

  /**
   * An alert raised while the connection was down. The catch-up overlaps
   * what the stream delivered, so alerts already seen are skipped.
   */
  onCaughtUp(alert: RhombusEvent): void {
    const uuid = alertUuidOf(alert);
    if (uuid === undefined || this.tracker.has(uuid)) return;
    if (!this.settings.filter(alert)) return;

    if (this.tracker.decide(alert) === AlertAction.New) {
      void this.emit(alert, { caughtUp: true });
    }
  }

  /** Sends an alert on output 1, with a still image when asked. */
  async emit(
    event: RhombusEvent,
    flags: Record<string, boolean> = {},
  ): Promise<void> {
    const msg: NodeMessage = {
      topic: this.settings.topic(event),
      payload: { ...event },
      ...flags,
    };

    if (this.settings.attachImage) {
      await this.attachImage(msg, event);
    }
    this.node.send([msg, null]);
  }

  private onCleared(event: RhombusEvent): void {
    if (this.tracker.decide(event) !== AlertAction.Cleared) return;

    const msg = {
      topic: this.settings.topic(event),
      payload: { ...event },
    };
    this.node.send([null, msg]);
  }

  private onRaised(event: RhombusEvent): void {
    if (!this.settings.filter(event)) return;

    const action = this.tracker.decide(event);
    if (action === AlertAction.New) {
      void this.emit(event);
    } else if (action === AlertAction.Update && this.settings.passUpdates) {
      void this.emit(event, { update: true });
    }
  }

  private needsDetails(event: RhombusEvent): boolean {
    const uuid = alertUuidOf(event);

    return (
      this.settings.fetchDetails &&
      uuid !== undefined &&
      lacksAlertDetails(event) &&
      !this.tracker.has(uuid)
    );
  }

  /**
   * Some events carry only the alert's uuid; its triggers, needed by the
   * filter, come from getPolicyAlertDetails. A failed look-up still lets
   * the event through to the filter, which then sees no triggers.
   */
  private async withDetails(event: RhombusEvent): Promise<void> {
    const uuid = alertUuidOf(event) ?? '';
    const connection = this.config?.account.liveConnection;
    if (this.lookingUp.has(uuid) || !connection) return;

    this.lookingUp.add(uuid);
    try {
      mergeAlertDetails(
        event,
        await connection.rest.getPolicyAlertDetails(uuid),
      );
      connection.directory.enrich(event);
    } catch (error) {
      this.log.warn(`could not look up alert details: ${messageOf(error)}`);
    } finally {
      this.lookingUp.delete(uuid);
    }
    this.onRaised(event);
  }

  private async attachImage(msg: NodeMessage, event: RhombusEvent) {
    const rest = this.config?.account.liveConnection?.rest;
    if (!rest || !event.deviceUuid || event.timestampMs === undefined) {
      return;
    }

    try {
      const uri = await rest.getFrameUri(event.deviceUuid, event.timestampMs);
      msg.image = await rest.fetchFrame(uri);
    } catch (error) {
      this.log.warn(`could not fetch the alert's image: ${messageOf(error)}`);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
