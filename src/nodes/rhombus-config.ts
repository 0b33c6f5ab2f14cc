import type { NodeAPI } from 'node-red';

import type { ConnectionSettings } from '../connection/rhombus-connection';
import { Account } from './account';
import { registerCatalogEndpoint } from './catalog-endpoint';
import type {
  RhombusConfigCredentials,
  RhombusConfigDef,
  RhombusConfigNode,
} from './config-node';
import { redactingLog } from './redacting-log';
import { ResumePoint } from './resume-point';

export = function registerRhombusConfig(RED: NodeAPI): void {
  function RhombusConfig(this: RhombusConfigNode, def: RhombusConfigDef): void {
    RED.nodes.createNode(this, def);
    const apiKey = this.credentials.apiKey;

    this.translate = (key, values) => RED._(key, values);
    this.catchUpOnStart = def.catchUpOnStart === true;
    this.account = new Account(
      {
        region: def.region ?? 'us',
        restUrl: def.restUrl,
        wsUrl: def.wsUrl,
        partnerOrgUuid: def.partnerOrgUuid,
        apiKey,
        simulatorRate: Number(def.simulatorRate ?? 1),
        tuning: tuningFrom(RED.settings),
        resumePoint: resumePointFor(RED, this.id, this.catchUpOnStart),
      },
      redactingLog(this, apiKey),
    );

    this.on('close', (_removed: boolean, done: () => void) => {
      this.account.close().then(done, (error: unknown) => {
        this.warn(`error while closing: ${String(error)}`);
        done();
      });
    });
  }

  RED.nodes.registerType<
    RhombusConfigNode,
    RhombusConfigDef,
    object,
    RhombusConfigCredentials
  >('rhombus-config', RhombusConfig, {
    credentials: { apiKey: { type: 'password' } },
  });
  registerCatalogEndpoint(RED);
};

/**
 * Connection timings can be set in Node-RED's settings file under
 * `rhombus` (heart-beat, retry, lingerMs, ...). Users rarely need it; the
 * tests use it to keep intervals short.
 */
function tuningFrom(settings: object): Partial<ConnectionSettings> {
  const tuning: unknown = (settings as { rhombus?: unknown }).rhombus;
  return tuning instanceof Object
    ? (tuning as Partial<ConnectionSettings>)
    : {};
}

function resumePointFor(
  RED: NodeAPI,
  configId: string,
  enabled: boolean,
): ResumePoint | undefined {
  const userDir: unknown = (RED.settings as { userDir?: unknown }).userDir;
  if (!enabled || typeof userDir !== 'string') return undefined;

  return new ResumePoint(userDir, configId);
}
