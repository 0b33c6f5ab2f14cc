import type { Node, NodeDef } from 'node-red';

import type { Account } from './account';
import type { Translate } from './connection-status';

/** The config node's settings as the editor saves them. */
export interface RhombusConfigDef extends NodeDef {
  region?: string;
  restUrl?: string;
  wsUrl?: string;
  partnerOrgUuid?: string;
  simulatorRate?: number | string;
  catchUpOnStart?: boolean;
}

export interface RhombusConfigCredentials {
  apiKey?: string;
}

/** What flow nodes see of a config node: its account and its catalog. */
export interface RhombusConfigNode extends Node<RhombusConfigCredentials> {
  account: Account;
  translate: Translate;
  catchUpOnStart: boolean;
}
