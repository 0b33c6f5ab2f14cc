import {
  RhombusConnection,
  type ConnectionLog,
  type ConnectionSettings,
} from '../../../src/connection/rhombus-connection';
import {
  ConnectionState,
  type ConnectionStatus,
} from '../../../src/connection/connection-state';
import type { RhombusEvent } from '../../../src/rhombus/event-types';

/**
 * A RhombusConnection with one registered user that keeps every event
 * and status it hears, and a log kept in memory for failure messages.
 */
export class ConnectionProbe {
  readonly connection: RhombusConnection;
  readonly events: RhombusEvent[] = [];
  readonly states: ConnectionState[] = [];
  readonly logLines: string[] = [];
  private lastError = '';

  constructor(settings: ConnectionSettings) {
    this.connection = new RhombusConnection(settings, this.memoryLog());
  }

  start(): void {
    this.connection.register({
      onEvent: (event) => this.events.push(event),
      onStatus: (status) => this.noteStatus(status),
    });
  }

  get state(): ConnectionState {
    return this.connection.status.state;
  }

  /** Event uuids received so far, in order ("" for an event without). */
  entityUuids(): string[] {
    return this.events.map((event) => event.entityUuid ?? '');
  }

  describe(): string {
    const recent = this.logLines.slice(-5).join(' | ');
    return `state ${this.state}, last error "${this.lastError}", log: ${recent}`;
  }

  private noteStatus(status: ConnectionStatus): void {
    this.states.push(status.state);
    if (status.error) this.lastError = status.error.message;
  }

  private memoryLog(): ConnectionLog {
    const keep = (level: string) => (text: string) =>
      this.logLines.push(`${level}: ${text}`);

    return {
      info: keep('info'),
      warn: keep('warn'),
      debug: keep('debug'),
      trace: () => undefined,
    };
  }
}
