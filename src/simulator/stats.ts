import { SessionInfo } from './session-info';

/** Live facts the stats read from the simulator when asked. */
export interface LiveView {
  openSockets(): number;
  sessions(): SessionInfo[];
}

/**
 * Counters of what the simulator saw, for assertions in tests. Counters
 * survive `restart()`; {@link SimulatorStats.reset} zeroes them.
 */
export class SimulatorStats {
  private readonly rest = new Map<string, number>();
  private readonly frames = new Map<string, number>();
  private accepted = 0;
  private rejected = 0;
  private heartBeats = 0;
  private messages = 0;

  constructor(private readonly live: LiveView) {}

  /** Handshakes that became a WebSocket. */
  get handshakesAccepted(): number {
    return this.accepted;
  }

  /** Handshakes refused with an HTTP status (auth or injected fault). */
  get handshakesRejected(): number {
    return this.rejected;
  }

  /** WebSockets open right now. */
  get openSockets(): number {
    return this.live.openSockets();
  }

  /** Sessions with at least one subscription right now. */
  get sessionsSubscribed(): number {
    return this.live.sessions().filter((s) => s.subscriptions.length > 0)
      .length;
  }

  /** Heart-beats received from clients, over all sessions. */
  get heartBeatsReceived(): number {
    return this.heartBeats;
  }

  /** MESSAGE frames sent, over all sessions. */
  get messagesSent(): number {
    return this.messages;
  }

  /**
   * REST calls received for `path` (as in `/org/getOrgV2`, or `/frames`
   * for image downloads), whatever their outcome; all paths when omitted.
   */
  restCalls(path?: string): number {
    return count(this.rest, path);
  }

  /** REST calls by path. */
  restCallsByPath(): Record<string, number> {
    return Object.fromEntries(this.rest);
  }

  /** STOMP frames received with `command`; all commands when omitted. */
  framesReceived(command?: string): number {
    return count(this.frames, command);
  }

  /** Zeroes every counter; live values are unaffected. */
  reset(): void {
    this.rest.clear();
    this.frames.clear();
    this.accepted = 0;
    this.rejected = 0;
    this.heartBeats = 0;
    this.messages = 0;
  }

  /** @internal */
  countRestCall(path: string): void {
    this.rest.set(path, (this.rest.get(path) ?? 0) + 1);
  }

  /** @internal */
  countFrame(command: string): void {
    this.frames.set(command, (this.frames.get(command) ?? 0) + 1);
  }

  /** @internal */
  countHandshake(accepted: boolean): void {
    if (accepted) {
      this.accepted++;
    } else {
      this.rejected++;
    }
  }

  /** @internal */
  countHeartBeat(): void {
    this.heartBeats++;
  }

  /** @internal */
  countMessages(n: number): void {
    this.messages += n;
  }
}

function count(counts: Map<string, number>, key: string | undefined): number {
  if (key !== undefined) {
    return counts.get(key) ?? 0;
  }

  let total = 0;
  counts.forEach((n) => (total += n));

  return total;
}
