import { randomUUID } from 'node:crypto';

import type { Request, Response } from 'express';
import type { NodeAPI } from 'node-red';

import type { RhombusEvent } from '../rhombus/event-types';
import { normaliseEvent } from '../rhombus/normalise';
import type { RhombusConfigNode } from './config-node';

const DEFAULT_SAMPLE_TRIGGER = 'MOTION_HUMAN';

/**
 * A realistic alert for the editor's test button: the node's first trigger
 * on the node's first device (or the account's first camera), in the wire
 * shape Rhombus documents, so it exercises the same path as a real one.
 */
export function sampleAlert(
  triggers: readonly string[],
  devices: readonly string[],
  config: RhombusConfigNode | undefined,
): RhombusEvent {
  const directory = config?.account.liveConnection?.directory;
  const deviceUuid =
    devices[0] ?? directory?.devices().find((d) => d.kind === 'camera')?.uuid;
  const trigger = triggers[0] ?? DEFAULT_SAMPLE_TRIGGER;
  const uuid = `sample-${randomUUID()}`;

  const event = normaliseEvent({
    entity: 'POLICY_ALERT',
    entityUuid: uuid,
    type: 'CREATE',
    deviceUuid,
    timestampMs: Date.now(),
    durationSec: 5,
    policyAlertTriggers: [trigger],
    textDescription: `Sample alert (${trigger}) sent from the Node-RED editor`,
  });
  if (!event) throw new Error('the sample alert could not be built');

  directory?.enrich(event);
  return event;
}

interface SampleCapableNode {
  sendSample(): Promise<void>;
}

/**
 * `POST /rhombus-alert/:id/sample`, the node's button: like the inject
 * node's, it acts on the deployed node, so the editor enables it only for
 * a deployed, unchanged node.
 */
export function registerSampleEndpoint(RED: NodeAPI): void {
  RED.httpAdmin.post(
    '/rhombus-alert/:id/sample',
    RED.auth.needsPermission('rhombus-alert.write'),
    (request: Request, response: Response) => {
      const node: unknown = RED.nodes.getNode(String(request.params.id));
      if (!isSampleCapable(node)) {
        response.status(404).json({ error: 'node not deployed' });
        return;
      }

      node.sendSample().then(
        () => response.sendStatus(200),
        (error: unknown) => response.status(500).json({ error: String(error) }),
      );
    },
  );
}

function isSampleCapable(node: unknown): node is SampleCapableNode {
  return (
    node instanceof Object &&
    typeof (node as Partial<SampleCapableNode>).sendSample === 'function'
  );
}
