import type { Request, Response } from 'express';
import type { NodeAPI } from 'node-red';

import { RhombusError, RhombusErrorCode } from '../rhombus/errors';
import { isRecord, type JsonObject } from '../rhombus/json-guards';
import { Account, type Catalog } from './account';
import type { RhombusConfigNode } from './config-node';

/** Node-RED sends this in place of a password it already holds. */
const UNCHANGED_PASSWORD = '__PWRD__';

/**
 * `POST /rhombus/catalog`: the devices and locations of an account, for the
 * pickers of the edit dialogs. A deployed config node answers from its own
 * account; a new one can be asked with the key being typed into it.
 */
export function registerCatalogEndpoint(RED: NodeAPI): void {
  RED.httpAdmin.post(
    '/rhombus/catalog',
    RED.auth.needsPermission('rhombus-config.read'),
    (request: Request, response: Response) => {
      lookUpCatalog(RED, request.body).then(
        (catalog) => response.json(catalog),
        (error: unknown) => sendError(response, error),
      );
    },
  );
}

async function lookUpCatalog(RED: NodeAPI, body: unknown): Promise<Catalog> {
  const query: JsonObject = isRecord(body) ? body : {};
  const typedKey = text(query.apiKey);
  const deployed = deployedConfig(RED, text(query.configId));

  if (deployed && (typedKey === '' || typedKey === UNCHANGED_PASSWORD)) {
    return deployed.account.catalog();
  }

  const needsKey = text(query.region) !== 'simulator';
  if (needsKey && (typedKey === '' || typedKey === UNCHANGED_PASSWORD)) {
    throw new CatalogRequestError(
      'NEEDS_KEY',
      'Enter the API key, or deploy the config node first',
    );
  }

  return lookUpWithTypedKey(
    query,
    typedKey === UNCHANGED_PASSWORD ? '' : typedKey,
  );
}

async function lookUpWithTypedKey(
  query: JsonObject,
  apiKey: string,
): Promise<Catalog> {
  // A simulator config node needs no key: its account starts a simulator.
  const account = new Account(
    {
      region: text(query.region) || 'us',
      restUrl: text(query.restUrl),
      wsUrl: text(query.wsUrl),
      partnerOrgUuid: text(query.partnerOrgUuid),
      apiKey,
      simulatorRate: 0,
    },
    SILENT_LOG,
  );

  try {
    return await account.catalog();
  } finally {
    await account.close();
  }
}

function deployedConfig(
  RED: NodeAPI,
  configId: string,
): RhombusConfigNode | undefined {
  if (configId === '') return undefined;

  const node: unknown = RED.nodes.getNode(configId);
  return node instanceof Object && 'account' in node
    ? (node as RhombusConfigNode)
    : undefined;
}

/** A request the endpoint cannot answer as asked; the editor says why. */
class CatalogRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendError(response: Response, error: unknown): void {
  if (error instanceof CatalogRequestError) {
    response.status(400).json({ error: error.message, code: error.code });
    return;
  }

  const rhombusError =
    error instanceof RhombusError
      ? error
      : new RhombusError(RhombusErrorCode.Network, String(error));
  // Never 401 here: the editor would take it for its own login expiring.
  const status = rhombusError.code === RhombusErrorCode.BadConfig ? 400 : 502;

  response
    .status(status)
    .json({ error: rhombusError.message, code: rhombusError.code });
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

const SILENT_LOG = {
  info: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
};
