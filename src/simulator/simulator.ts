import { EventEmitter } from 'node:events';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { WebSocket } from 'ws';

import { AlertHistory, AlertQuery, SimPolicyAlert } from './alert-history';
import { AlertSpec } from './alert-spec';
import { AuthPolicy } from './auth';
import { createDemoOrg, DemoOrg } from './demo-org';
import { EventFactory } from './event-factory';
import { EventGenerator } from './event-generator';
import { SimulatorFaults } from './faults';
import { JsonObject } from './json';
import {
  ResolvedOptions,
  resolveOptions,
  RhombusSimulatorOptions,
} from './options';
import { SeededRandom } from './random';
import { API_BASE_PATH, handleRestRequest, RestContext } from './rest-server';
import { SessionInfo } from './session-info';
import { SimulatorEventMap } from './simulator-events';
import { SimulatorStats } from './stats';
import { SessionContext, StompSession } from './stomp-session';
import { UpgradeHandler, WEBSOCKET_PATH } from './upgrade-handler';

/** Lifecycle of the listening server. */
enum ServerState {
  Stopped = 'stopped',
  Starting = 'starting',
  Running = 'running',
  Stopping = 'stopping',
}

/** Salt so the event sequence does not reuse the organisation's numbers. */
const EVENT_SEED_SALT = 0x5bd1e995;

/**
 * A local stand-in for the Rhombus platform: the REST endpoints this
 * package calls and the STOMP-over-WebSocket change topic, on one loopback
 * port, with a demo organisation, an event generator and fault injection.
 *
 * ```ts
 * const sim = new RhombusSimulator({ eventsPerSecond: 2 });
 * await sim.start();
 * // point a client at sim.restUrl, sim.wsUrl with sim.apiKey
 * await sim.stop();
 * ```
 *
 * The server keeps the port it first got: a later `start()` or
 * `restart()` listens on the same one, so clients can reconnect.
 */
export class RhombusSimulator extends EventEmitter<SimulatorEventMap> {
  /** Faults to inject into REST calls and handshakes. */
  readonly faults = new SimulatorFaults();
  /** Counters of what the simulator received and sent. */
  readonly stats: SimulatorStats;
  /** The demo organisation; device states change as events are sent. */
  readonly org: DemoOrg;

  private readonly options: ResolvedOptions;
  private readonly history: AlertHistory;
  private readonly factory: EventFactory;
  private readonly generator: EventGenerator;
  private readonly upgrades: UpgradeHandler;
  private readonly sessionsById = new Map<string, StompSession>();
  private readonly connections = new Set<Socket>();
  private state = ServerState.Stopped;
  private server: Server | undefined;
  private boundPort: number | undefined;
  private transition: Promise<void> = Promise.resolve();
  private sessionCount = 0;
  private messageCount = 0;

  /** @throws RangeError when an option is invalid; the message names it. */
  constructor(options: RhombusSimulatorOptions = {}) {
    super();
    this.options = resolveOptions(options);
    this.org = createDemoOrg(
      new SeededRandom(this.options.seed),
      this.options.orgName,
    );
    this.history = new AlertHistory(
      this.org.uuid,
      this.options.alertHistoryLimit,
    );
    this.stats = new SimulatorStats({
      openSockets: () => this.sessionsById.size,
      sessions: () => this.sessions(),
    });

    const eventRandom = new SeededRandom(this.options.seed ^ EVENT_SEED_SALT);
    this.factory = new EventFactory(
      this.org,
      eventRandom,
      this.options.clock,
      this.options.alertShape,
    );
    this.generator = new EventGenerator(this.factory, eventRandom, (event) =>
      this.publish(event),
    );
    this.generator.setRate(this.options.eventsPerSecond);
    this.upgrades = new UpgradeHandler(
      {
        auth: this.authPolicy(),
        faults: this.faults,
        stats: this.stats,
        onSocket: (socket, request) => this.openSession(socket, request),
        onRejected: (status) => this.emit('handshake-rejected', status),
        onStalled: () => this.emit('upgrade-stalled'),
      },
      this.options.maxPayload,
    );
  }

  /** The demo organisation's uuid. */
  get orgUuid(): string {
    return this.org.uuid;
  }

  /** A key that authenticates (the first of `apiKeys`). */
  get apiKey(): string {
    return this.options.apiKeys[0] as string;
  }

  /** The change topic clients subscribe to. */
  get topic(): string {
    return `/topic/change/${this.org.uuid}`;
  }

  /** True while the server is listening. */
  get isRunning(): boolean {
    return this.state === ServerState.Running;
  }

  /**
   * The listening port.
   * @throws Error before the first `start()`.
   */
  get port(): number {
    if (this.boundPort === undefined) {
      throw new Error('The simulator has no port until start() resolves');
    }

    return this.boundPort;
  }

  /** REST base URL, e.g. `http://127.0.0.1:4000/api`. */
  get restUrl(): string {
    return `${this.origin('http')}${API_BASE_PATH}`;
  }

  /** WebSocket URL, e.g. `ws://127.0.0.1:4000/websocket`. */
  get wsUrl(): string {
    return `${this.origin('ws')}${WEBSOCKET_PATH}`;
  }

  /** Generated events per second (0 = only on demand). */
  get eventsPerSecond(): number {
    return this.generator.eventsPerSecond;
  }

  /**
   * Starts listening; resolves once the port is bound. Does nothing when
   * already running.
   */
  start(): Promise<void> {
    return this.serialise(() => this.doStart());
  }

  /**
   * Closes every session and socket and stops listening; resolves when all
   * is closed. Does nothing when already stopped.
   */
  stop(): Promise<void> {
    return this.serialise(() => this.doStop());
  }

  /**
   * Stops, waits `downtimeMs`, and starts again on the same port, as a
   * server restart looks to clients.
   */
  async restart(downtimeMs = 0): Promise<void> {
    await this.stop();
    if (downtimeMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, downtimeMs));
    }

    await this.start();
  }

  /**
   * Sets how many events per second the generator sends; 0 stops it.
   * Takes effect at once.
   * @throws RangeError when the rate is negative or not finite.
   */
  setRate(eventsPerSecond: number): void {
    this.generator.setRate(eventsPerSecond);
    if (this.isRunning) {
      this.generator.start();
    }
  }

  /**
   * Sends `event` (any JSON value, usually one event object, or an array
   * of them) as one MESSAGE to every subscription of every session.
   * Policy alerts among them also go into the REST history, even when no
   * one is connected; nothing is queued for later sessions.
   * @returns how many MESSAGE frames went out.
   */
  publish(event: object): number {
    this.history.record(event);
    const body = JSON.stringify(event);
    let messages = 0;
    this.sessionsById.forEach((session) => {
      messages += session.deliver(body, () => this.nextMessageId());
    });
    this.stats.countMessages(messages);
    this.emit('published', event, messages);

    return messages;
  }

  /**
   * Generates one alert, publishes its CREATE, UPDATE(s) and optional
   * DELETE at once, in that order, and returns those events.
   */
  generateAlert(spec: AlertSpec = {}): JsonObject[] {
    const events = this.factory.alert(spec);
    events.forEach((event) => this.publish(event));

    return events;
  }

  /** Generates and publishes one random occurrence; returns its events. */
  generateEvent(): JsonObject[] {
    const events = this.factory.randomOccurrence();
    events.forEach((event) => this.publish(event));

    return events;
  }

  /**
   * Sends `data` unchanged as one WebSocket message to every session (text
   * for a string, binary for a Buffer), e.g. to test malformed frames.
   */
  sendRaw(data: string | Buffer): void {
    this.sessionsById.forEach((session) => session.sendRaw(data));
  }

  /** Snapshots of the open sessions. */
  sessions(): SessionInfo[] {
    return [...this.sessionsById.values()].map((session) => session.info());
  }

  /** Alerts in the REST history, as `getPolicyAlertsV2` would list them. */
  alerts(query: AlertQuery = {}): SimPolicyAlert[] {
    return this.history.query({ maxResults: Infinity, ...query });
  }

  /**
   * Fault: every open session stops sending anything (heart-beats,
   * messages, pongs) and ignores what it receives, while its TCP
   * connection stays open, like a half-open connection. Sessions opened
   * later behave normally.
   */
  goSilent(): void {
    this.sessionsById.forEach((session) => session.goSilent());
  }

  /** Fault: every open session gets an ERROR frame, then is closed. */
  sendErrorAndClose(message = 'Simulated server error'): void {
    this.sessionsById.forEach((session) => session.errorAndClose(message));
  }

  /** Fault: destroys every WebSocket's TCP connection at once. */
  resetConnections(): void {
    this.sessionsById.forEach((session) => session.reset());
  }

  /**
   * Fault: sets the largest message (bytes) the server accepts from a
   * client on sockets opened from now on. Larger ones close the socket
   * with code 1009.
   */
  setMaxPayload(bytes: number): void {
    if (!Number.isInteger(bytes) || bytes < 1) {
      throw new RangeError('maxPayload must be a positive integer');
    }

    this.upgrades.setMaxPayload(bytes);
  }

  /** Runs start/stop one at a time, so overlapping calls cannot race. */
  private serialise(step: () => Promise<void>): Promise<void> {
    this.transition = this.transition.then(step, step);

    return this.transition;
  }

  private async doStart(): Promise<void> {
    if (this.state === ServerState.Running) {
      return;
    }

    this.state = ServerState.Starting;
    const server = createServer((request, response) =>
      this.handleRequest(request, response),
    );
    server.on('connection', (socket: Socket) => this.track(socket));
    server.on('upgrade', (request: IncomingMessage, socket: Socket, head) =>
      this.upgrades.handle(request, socket, head),
    );
    await listen(
      server,
      this.options.host,
      this.boundPort ?? this.options.port,
    );

    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    this.state = ServerState.Running;
    this.generator.start();
  }

  private async doStop(): Promise<void> {
    const server = this.server;
    if (this.state !== ServerState.Running || server === undefined) {
      return;
    }

    this.state = ServerState.Stopping;
    this.generator.stop();
    const closed = new Promise<void>((resolve) =>
      server.close(() => resolve()),
    );
    await Promise.all([...this.sessionsById.values()].map((s) => s.close()));
    this.upgrades.destroyStalled();
    this.connections.forEach((socket) => socket.destroy());
    await closed;

    this.server = undefined;
    this.state = ServerState.Stopped;
  }

  private handleRequest(request: IncomingMessage, response: ServerResponse) {
    handleRestRequest(request, response, this.restContext()).catch(
      (err: unknown) => {
        // A bug in a handler must not take the simulator down; the client
        // sees a 500 and the reason travels in the body.
        if (!response.headersSent) {
          response.writeHead(500, { 'Content-Type': 'text/plain' });
        }

        response.end(err instanceof Error ? err.message : 'Internal error');
      },
    );
  }

  private restContext(): RestContext {
    return {
      org: this.org,
      history: this.history,
      locationsPageSize: this.options.locationsPageSize,
      baseUrl: () => this.origin('http'),
      auth: this.authPolicy(),
      faults: this.faults,
      stats: this.stats,
      authErrorBody: this.options.authErrorBody,
    };
  }

  private authPolicy(): AuthPolicy {
    return {
      orgUuid: this.org.uuid,
      apiKeys: this.options.apiKeys,
      noPermissionKeys: this.options.noPermissionKeys,
    };
  }

  private openSession(socket: WebSocket, request: IncomingMessage): void {
    const id = `session-${++this.sessionCount}`;
    const session = new StompSession(
      id,
      socket,
      request.socket.remotePort,
      this.sessionContext(),
    );
    this.sessionsById.set(id, session);
    this.emit('session-opened', session.info());
  }

  private sessionContext(): SessionContext {
    return {
      topic: this.topic,
      heartBeat: this.options.heartBeat,
      silenceTolerance: this.options.silenceTolerance,
      clock: this.options.clock,
      stallConnected: () => this.faults.takeConnectedStall(),
      onFrame: (session, frame) => {
        this.stats.countFrame(frame.command);
        this.emit('frame', session.info(), frame);
      },
      onHeartBeat: (session) => {
        this.stats.countHeartBeat();
        this.emit('heart-beat', session.info());
      },
      onSubscribed: (session, subscription) =>
        this.emit('session-subscribed', session.info(), subscription),
      onClosed: (session) => {
        this.sessionsById.delete(session.id);
        this.emit('session-closed', session.info());
      },
    };
  }

  /** Keeps every TCP connection so `stop()` can drop the stragglers. */
  private track(socket: Socket): void {
    this.connections.add(socket);
    socket.once('close', () => this.connections.delete(socket));
  }

  private nextMessageId(): string {
    return `message-${++this.messageCount}`;
  }

  private origin(scheme: 'http' | 'ws'): string {
    const host = this.options.host.includes(':')
      ? `[${this.options.host}]`
      : this.options.host;

    return `${scheme}://${host}:${this.port}`;
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
