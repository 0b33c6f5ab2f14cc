import type { Node, NodeDef } from 'node-red';

/** The settings of a rhombus-events node as the editor saves them. */
export interface RhombusEventsDef extends NodeDef {
  config?: string;
  entities?: unknown;
  changeTypes?: unknown;
  devices?: unknown;
  locations?: unknown;
  deviceNames?: Record<string, string>;
  locationNames?: Record<string, string>;
  topic?: string;
}

/** The settings of a rhombus-alert node as the editor saves them. */
export interface RhombusAlertDef extends NodeDef {
  config?: string;
  triggers?: unknown;
  devices?: unknown;
  locations?: unknown;
  deviceNames?: Record<string, string>;
  locationNames?: Record<string, string>;
  passUpdates?: boolean;
  cooldown?: number | string;
  attachImage?: boolean;
  fetchDetails?: boolean;
  topic?: string;
}

/** A deployed rhombus-alert node, as the sample endpoint reaches it. */
export interface RhombusAlertNode extends Node {
  sendSample(): Promise<void>;
}
