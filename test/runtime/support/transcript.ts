import { inspect } from 'node:util';

import type { NodeStatus } from 'node-red';

import { helper, logLines, type LogLine } from './runtime';

// Node-RED's own Node class: the test helper wraps its methods in sinon
// spies while flows are loaded, which is where statuses and sent messages
// can be read back from.
/* eslint-disable @typescript-eslint/no-require-imports */
const NodePrototype = require('@node-red/runtime/lib/nodes/Node')
  .prototype as Record<string, unknown>;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Node-RED's log level of `node.error`; anything at or below is an error. */
export const ERROR_LEVEL = 20;

/** The node methods whose calls reach the user: the editor, the log, flows. */
const SHOWN_METHODS = ['status', 'warn', 'error', 'log', 'send'] as const;

interface CallRecord {
  readonly args: unknown[][];
  readonly thisValues: unknown[];
}

/**
 * Everything the runtime showed across many tests: every log line at every
 * level, every node status, every error and every message sent. Call
 * `record()` after each test and before `helper.unload()`, which drops the
 * spies this reads from.
 */
export class Transcript {
  private readonly entries: string[] = [];

  /** Appends what the current flows showed since they were loaded. */
  record(): void {
    for (const line of safeLogLines()) {
      this.entries.push(`log ${line.level}: ${describe(line)}`);
    }

    for (const method of SHOWN_METHODS) {
      for (const args of callsOf(method)) {
        this.entries.push(`${method}: ${args.map(describe).join(' ')}`);
      }
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** Every entry, one a line. */
  text(): string {
    return this.entries.join('\n');
  }
}

/**
 * Every status node `nodeId` showed since the flows were loaded, from the
 * first, even those set before a test could wrap the node.
 */
export function statusesShown(nodeId: string): NodeStatus[] {
  const spy = NodePrototype.status as Partial<CallRecord> | undefined;
  const args = spy?.args ?? [];
  const nodes = spy?.thisValues ?? [];

  return args
    .filter((_, i) => (nodes[i] as { id?: unknown } | undefined)?.id === nodeId)
    .map((call) => call[0])
    .filter((status): status is NodeStatus => typeof status === 'object');
}

/** Log lines of the current flows at error level or worse. */
export function errorLines(): LogLine[] {
  return safeLogLines().filter((line) => line.level <= ERROR_LEVEL);
}

function safeLogLines(): LogLine[] {
  return helper.log() === undefined ? [] : logLines();
}

function callsOf(method: string): unknown[][] {
  const spy = NodePrototype[method] as Partial<CallRecord> | undefined;
  return Array.isArray(spy?.args) ? spy.args : [];
}

/** Full text of a value, nested objects and error stacks included. */
function describe(value: unknown): string {
  return typeof value === 'string'
    ? value
    : inspect(value, { depth: 8, breakLength: Infinity });
}
