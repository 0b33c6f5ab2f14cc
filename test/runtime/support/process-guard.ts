import { inspect } from 'node:util';

/** One failure that escaped into the process instead of being handled. */
export interface Escaped {
  readonly kind: 'uncaughtException' | 'unhandledRejection';
  readonly error: string;
}

/**
 * Records every exception and rejection that no code handled, for as long
 * as it is installed. A node that lets an error escape can take Node-RED
 * down; tests assert that this list stays empty.
 *
 * Mocha keeps its own listeners, so an escaped error still fails the test
 * it happens in; this one makes the check explicit and covers rejections
 * that surface after a test has ended.
 */
export class ProcessGuard {
  readonly escaped: Escaped[] = [];

  private readonly onException = (error: unknown): void => {
    this.escaped.push({ kind: 'uncaughtException', error: inspect(error) });
  };

  private readonly onRejection = (reason: unknown): void => {
    this.escaped.push({ kind: 'unhandledRejection', error: inspect(reason) });
  };

  install(): void {
    process.on('uncaughtException', this.onException);
    process.on('unhandledRejection', this.onRejection);
  }

  uninstall(): void {
    process.off('uncaughtException', this.onException);
    process.off('unhandledRejection', this.onRejection);
  }

  /** The escaped errors as one text, for an assertion message. */
  describe(): string {
    return this.escaped.map((e) => `${e.kind}: ${e.error}`).join('\n');
  }
}
