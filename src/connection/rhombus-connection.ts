import type { StompDecodeError, StompFrame } from '../stomp';
import { Directory } from '../rhombus/directory';
import { RhombusError, RhombusErrorCode } from '../rhombus/errors';
import type { RhombusEvent } from '../rhombus/event-types';
import { eventsFromBody } from '../rhombus/normalise';
import { validateOrgUuid, wsHost } from '../rhombus/regions';
import { RhombusRestClient } from '../rhombus/rest-client';
import {
  Backoff,
  REJECTED_BACKOFF,
  RETRY_BACKOFF,
  type BackoffPolicy,
} from './backoff';
import { ConnectionState, type ConnectionStatus } from './connection-state';
import { CatchUp } from './catch-up';
import { withDeadline } from './deadline';
import type { HeartBeatHeader } from './heart-beat';
import { StompSession } from './stomp-session';

/** Everything a pooled connection needs to reach one Rhombus account. */
export interface ConnectionSettings {
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly apiKey: string;
  readonly partnerOrgUuid?: string;
  readonly heartBeat?: HeartBeatHeader;
  /**
   * Extra CONNECT headers. Rhombus needs none (the key travels on the
   * upgrade); a broker such as RabbitMQ wants `login` and `passcode`.
   */
  readonly connectHeaders?: Readonly<Record<string, string>>;
  /**
   * The destination is this prefix and the organisation uuid. Rhombus uses
   * `/topic/change/`; RabbitMQ, which the e2e suite checks the connection
   * against, allows no `/` in a topic name and needs `/topic/change.`.
   */
  readonly destinationPrefix?: string;
  readonly connectTimeoutMs?: number;
  readonly maxMessageBytes?: number;
  readonly retry?: BackoffPolicy;
  readonly rejectedRetry?: BackoffPolicy;
  /** A session that lasted this long resets the backoff. */
  readonly healthyAfterMs?: number;
  /**
   * How long the socket stays open after the last user leaves. A deploy
   * of modified nodes stops a node and starts its replacement a moment
   * later; lingering lets the replacement reuse the socket.
   */
  readonly lingerMs?: number;
  /** Shortest gap between two refreshes of device and location names. */
  readonly directoryRefreshMs?: number;
  /**
   * When the last event was seen before Node-RED restarted: the first
   * session then catches up on alerts since. Unset, only reconnects do.
   */
  readonly resumeFromMs?: number;
  /** How far before the last event seen a catch-up starts. */
  readonly catchUpOverlapMs?: number;
}

/** Where a pooled connection reports; the config node provides it. */
export interface ConnectionLog {
  info(text: string): void;
  warn(text: string): void;
  debug(text: string): void;
  trace(text: string): void;
}

/** A flow node that receives events through the pooled connection. */
export interface ConnectionUser {
  /** Called for every event; a throw is logged, never propagated. */
  onEvent(event: RhombusEvent): void;
  /** Called on every change of state, and once at registration. */
  onStatus(status: ConnectionStatus): void;
  /**
   * Called, oldest first, with the alerts raised while the connection was
   * down, after it is back. Users that act once per alert de-duplicate
   * these against what they already had: the catch-up overlaps.
   */
  onCaughtUp?(alert: RhombusEvent): void;
}

const DESTINATION_PREFIX = '/topic/change/';
const DEFAULT_HEALTHY_AFTER_MS = 30_000;
const DEFAULT_LINGER_MS = 2_000;
const DIRECTORY_DEADLINE_MS = 5_000;
const DEFAULT_CATCH_UP_OVERLAP_MS = 10_000;

/**
 * The one connection of one config node to its Rhombus account: an
 * organisation look-up over REST, then a STOMP session over a WebSocket,
 * re-established with backoff whenever it ends, for as long as at least
 * one flow node is registered.
 */
export class RhombusConnection {
  readonly rest: RhombusRestClient;
  readonly directory: Directory;
  private readonly users = new Set<ConnectionUser>();
  private readonly retry: Backoff;
  private readonly rejectedRetry: Backoff;
  private current: ConnectionStatus = { state: ConnectionState.Idle };
  private session: StompSession | undefined;
  private orgUuid: string | undefined;
  private directoryLoaded = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private lingerTimer: ReturnType<typeof setTimeout> | undefined;
  private connectedAt = 0;
  /** The newest event time seen, the point a catch-up starts from. */
  private lastEventMs: number | undefined;
  private readonly catchUp: CatchUp;
  /** Bumped whenever attempts in flight must be abandoned. */
  private epoch = 0;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly log: ConnectionLog,
  ) {
    this.rest = new RhombusRestClient({
      restUrl: settings.restUrl,
      apiKey: settings.apiKey,
      partnerOrgUuid: settings.partnerOrgUuid,
    });
    this.directory = new Directory({
      minRefreshIntervalMs: settings.directoryRefreshMs,
      onRefreshError: (error) =>
        this.log.warn(`could not refresh device names: ${error.message}`),
    });
    this.retry = new Backoff(settings.retry ?? RETRY_BACKOFF);
    this.rejectedRetry = new Backoff(
      settings.rejectedRetry ?? REJECTED_BACKOFF,
    );
    this.lastEventMs = settings.resumeFromMs;
    this.catchUp = new CatchUp({
      overlapMs: settings.catchUpOverlapMs ?? DEFAULT_CATCH_UP_OVERLAP_MS,
      retry: settings.retry ?? RETRY_BACKOFF,
      resumeFromMs: settings.resumeFromMs,
      deliver: (alerts, complete) => this.deliverCaughtUp(alerts, complete),
      warn: (text) => this.log.warn(text),
    });
  }

  /** The time of the newest event seen, to resume from after a restart. */
  get lastEventTime(): number | undefined {
    return this.lastEventMs;
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  /** Adds a user; the first one opens the connection. */
  register(user: ConnectionUser): void {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.users.add(user);
    user.onStatus(this.current);

    if (this.current.state === ConnectionState.Idle) {
      this.connect();
    }
  }

  /** Removes a user; when none is left the connection closes shortly. */
  deregister(user: ConnectionUser): void {
    this.users.delete(user);
    if (this.users.size > 0 || this.current.state === ConnectionState.Closed) {
      return;
    }

    clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(
      () => void this.stop(ConnectionState.Idle),
      this.settings.lingerMs ?? DEFAULT_LINGER_MS,
    );
  }

  /** Closes for good, sending DISCONNECT first when connected. */
  async close(): Promise<void> {
    this.users.clear();
    await this.stop(ConnectionState.Closed);
  }

  private async stop(next: ConnectionState): Promise<void> {
    this.epoch += 1;
    clearTimeout(this.retryTimer);
    clearTimeout(this.lingerTimer);
    this.catchUp.cancel();
    this.retryTimer = undefined;
    this.lingerTimer = undefined;
    // An idle connection may be used again, names and all.
    if (next === ConnectionState.Closed) this.directory.close();
    else this.directory.cancelScheduled();

    const session = this.session;
    this.session = undefined;
    this.setStatus({ state: next });
    if (session) {
      this.log.info(`disconnecting from ${this.host()}`);
      await session.close();
    }
  }

  private connect(): void {
    const epoch = ++this.epoch;
    this.catchUp.cancel();

    this.setStatus({ state: ConnectionState.Connecting });
    this.openSession(epoch).catch((error: unknown) => {
      if (epoch === this.epoch) this.scheduleRetry(asRhombusError(error));
    });
  }

  private async openSession(epoch: number): Promise<void> {
    const orgUuid = await this.lookUpOrg();
    if (epoch !== this.epoch) return;

    await this.loadDirectoryOnce();
    if (epoch !== this.epoch) return;

    const session = this.createSession(orgUuid);
    this.session = session;
    await session.open();
    if (epoch !== this.epoch) {
      await session.close();
      return;
    }

    this.connectedAt = Date.now();
    this.log.info(`connected to ${this.host()}`);
    this.setStatus({ state: ConnectionState.Connected });
    this.catchUp.start(this.rest);
  }

  private deliverCaughtUp(alerts: RhombusEvent[], complete: boolean): void {
    this.log.info(
      `caught up on ${alerts.length} alert(s) raised while disconnected` +
        (complete ? '' : ' (the oldest were left out: too many)'),
    );

    for (const alert of alerts) {
      this.directory.enrich(alert);
      for (const user of this.users) {
        this.callUser(() => user.onCaughtUp?.(alert), 'a caught-up alert');
      }
    }
  }

  private callUser(call: () => void, what: string): void {
    try {
      call();
    } catch (error) {
      this.log.warn(`a node failed on ${what}: ${String(error)}`);
    }
  }

  /** The organisation is looked up once for the life of the connection. */
  private async lookUpOrg(): Promise<string> {
    if (this.orgUuid === undefined) {
      const org = await this.rest.getOrg();
      validateOrgUuid(org.uuid, 'organisation uuid from Rhombus');
      this.orgUuid = org.uuid;
    }

    return this.orgUuid;
  }

  /**
   * Names make events readable, but an account whose device lists fail or
   * crawl must still get its events, so this waits a bounded time and
   * never fails the connection.
   */
  private async loadDirectoryOnce(): Promise<void> {
    if (this.directoryLoaded) return;
    this.directoryLoaded = true;

    const loading = this.directory
      .refresh(this.rest)
      .catch((error: unknown) => {
        this.directoryLoaded = false;
        this.log.warn(
          `could not load device names: ${asRhombusError(error).message}`,
        );
      });
    await withDeadline(loading, DIRECTORY_DEADLINE_MS);
  }

  private createSession(orgUuid: string): StompSession {
    return new StompSession(
      {
        url: this.socketUrl(),
        host: wsHost(this.settings.wsUrl),
        destination: `${this.settings.destinationPrefix ?? DESTINATION_PREFIX}${orgUuid}`,
        upgradeHeaders: this.upgradeHeaders(),
        heartBeat: this.settings.heartBeat,
        connectHeaders: this.settings.connectHeaders,
        connectTimeoutMs: this.settings.connectTimeoutMs,
        maxMessageBytes: this.settings.maxMessageBytes,
      },
      {
        onMessage: (frame) => this.dispatch(frame),
        onMalformedFrame: (error) => this.reportMalformed(error),
        onEnd: (reason) => this.handleSessionEnd(reason),
        onTrace: (text) => this.log.debug(text),
      },
    );
  }

  private socketUrl(): string {
    const url = new URL(this.settings.wsUrl);
    const partner = this.settings.partnerOrgUuid;

    url.searchParams.set(
      'x-auth-scheme',
      partner ? 'partner-api-token' : 'api-token',
    );
    if (partner) url.searchParams.set('x-auth-org', partner);
    return url.toString();
  }

  private upgradeHeaders(): Record<string, string> {
    const partner = this.settings.partnerOrgUuid;
    const headers: Record<string, string> = {
      'x-auth-scheme': partner ? 'partner-api-token' : 'api-token',
      'x-auth-apikey': this.settings.apiKey,
    };

    if (partner) headers['x-auth-org'] = partner;
    return headers;
  }

  private dispatch(frame: StompFrame): void {
    const { events, error } = eventsFromBody(frame.bodyText ?? frame.body);
    if (error !== undefined) {
      this.log.warn(`ignored a message: ${error}`);
    }

    for (const event of events) {
      this.deliver(event);
    }
  }

  private deliver(event: RhombusEvent): void {
    this.noteEventTime(event);
    this.directory.enrich(event);
    if (this.directory.noteEvent(event)) {
      this.directory.scheduleRefresh(this.rest);
    }

    for (const user of this.users) {
      this.callUser(() => user.onEvent(event), 'an event');
    }
  }

  private noteEventTime(event: RhombusEvent): void {
    const time = event.timestampMs ?? Date.now();
    if (this.lastEventMs === undefined || time > this.lastEventMs) {
      this.lastEventMs = time;
    }
  }

  private reportMalformed(error: StompDecodeError): void {
    this.log.warn(`ignored a malformed frame: ${error.message}`);
  }

  private handleSessionEnd(reason: RhombusError): void {
    this.session = undefined;
    // Nothing is replayed on the socket: whatever happens from the last
    // event seen (or from when this session began) must be caught up.
    this.catchUp.markGap(this.lastEventMs ?? this.connectedAt);
    this.log.warn(`connection to ${this.host()} lost: ${reason.message}`);

    if (Date.now() - this.connectedAt >= this.healthyAfterMs()) {
      this.retry.reset();
    }
    this.scheduleRetry(reason);
  }

  private healthyAfterMs(): number {
    return this.settings.healthyAfterMs ?? DEFAULT_HEALTHY_AFTER_MS;
  }

  private scheduleRetry(error: RhombusError): void {
    if (error.code === RhombusErrorCode.BadConfig) {
      this.log.warn(error.message);
      this.setStatus({ state: ConnectionState.Failed, error });
      return;
    }

    const rejected = error.code === RhombusErrorCode.AuthRejected;
    const waitMs = this.retryDelay(error, rejected);
    const retryAt = Date.now() + waitMs;

    this.log.warn(
      `${error.message}; retrying in ${Math.round(waitMs / 1000)} s`,
    );
    this.setStatus({
      state: rejected ? ConnectionState.Rejected : ConnectionState.Reconnecting,
      retryAt,
      error,
    });
    this.retryTimer = setTimeout(() => this.connect(), waitMs);
  }

  private retryDelay(error: RhombusError, rejected: boolean): number {
    if (rejected) {
      return this.rejectedRetry.next();
    }

    const backoffMs = this.retry.next();
    return Math.max(backoffMs, error.retryAfterMs ?? 0);
  }

  private setStatus(status: ConnectionStatus): void {
    this.current = status;

    for (const user of this.users) {
      this.callUser(() => user.onStatus(status), 'its status');
    }
  }

  private host(): string {
    return wsHost(this.settings.wsUrl);
  }
}

function asRhombusError(error: unknown): RhombusError {
  if (error instanceof RhombusError) {
    return error;
  }

  return new RhombusError(
    RhombusErrorCode.Network,
    error instanceof Error ? error.message : String(error),
    { cause: error },
  );
}
