import { createHook, type AsyncHook } from 'node:async_hooks';
import { sep } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Node-RED's runtime event bus, where nodes and the runtime add listeners.
/* eslint-disable @typescript-eslint/no-require-imports */
const runtimeEvents = require('@node-red/util').events as NodeJS.EventEmitter;
const NodePrototype = require('@node-red/runtime/lib/nodes/Node')
  .prototype as Record<string, unknown>;
/* eslint-enable @typescript-eslint/no-require-imports */

/** What the process holds, by kind, as the runtime itself reports it. */
export interface ResourceFigures {
  /** Active handles and requests by type (Timeout, TCPSocketWrap, ...). */
  readonly handles: Readonly<Record<string, number>>;
  /** Listeners on `process`, all events together. */
  readonly processListeners: number;
  /** Listeners on Node-RED's runtime event bus, all events together. */
  readonly runtimeListeners: number;
  /** Bytes of heap in use after a full garbage collection. */
  readonly heapBytes: number;
}

/** Counts every active handle and request by its type. */
export function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = {};

  for (const type of process.getActiveResourcesInfo()) {
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/** All listeners of an emitter, whatever the event. */
export function listenerTotal(emitter: NodeJS.EventEmitter): number {
  return emitter
    .eventNames()
    .reduce((total, name) => total + emitter.listenerCount(name), 0);
}

/** The figures, taken after a full garbage collection. */
export function measure(): ResourceFigures {
  collectGarbage();

  return {
    handles: handleCounts(),
    processListeners: listenerTotal(process),
    runtimeListeners: listenerTotal(runtimeEvents),
    heapBytes: process.memoryUsage().heapUsed,
  };
}

let gc: (() => void) | undefined;

/**
 * Runs a full collection without the process having been started with
 * --expose-gc: the flag can be set at run time, and a fresh context then
 * gets the `gc` function.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  gc();
}

/**
 * The test helper spies on Node-RED's Node methods and on the log, and a
 * spy keeps every call with its arguments and `this`: every node ever
 * created stays reachable. This forgets those calls, so that the heap
 * shows what the nodes themselves keep.
 */
export function forgetSpiedCalls(logSpy: unknown): void {
  const spies = [
    logSpy,
    ...Object.values(NodePrototype).filter((v) => typeof v === 'function'),
  ];

  for (const spy of spies) {
    const resettable = spy as { resetHistory?: unknown };
    if (typeof resettable.resetHistory === 'function') {
      (resettable.resetHistory as () => void)();
    }
  }
}

const MOCHA_RUNNER = `${sep}mocha${sep}lib${sep}runnable.js`;

interface TimerResource {
  hasRef?(): boolean;
  /** Set by Node once a timer has fired or been cleared. */
  _destroyed?: boolean;
}

function holdsProcess(timer: TimerResource): boolean {
  return timer.hasRef?.() === true && timer._destroyed !== true;
}

/**
 * Every timer created while watching that is still pending and keeps the
 * process alive, with the stack that created it: a timer a node forgot to
 * clear shows up here, and its stack says where it came from.
 */
export class TimerWatch {
  private readonly pending = new Map<number, { timer: object; at: string }>();
  private readonly hook: AsyncHook = createHook({
    init: (id, type, _trigger, resource) => {
      if (type !== 'Timeout') return;

      const at = new Error('timer created').stack ?? '';
      this.pending.set(id, { timer: resource, at });
    },
    destroy: (id) => {
      this.pending.delete(id);
    },
  });

  start(): void {
    this.hook.enable();
  }

  stop(): void {
    this.hook.disable();
  }

  /**
   * Stacks of the pending timers that hold the process open, leaving out
   * mocha's own test timeouts.
   */
  refTimers(): string[] {
    return [...this.pending.values()]
      .filter(({ timer }) => holdsProcess(timer as TimerResource))
      .map(({ at }) => at)
      .filter((at) => !at.includes(MOCHA_RUNNER));
  }
}
