import type { ConnectionStatus } from '../connection/connection-state';
import { ConnectionState } from '../connection/connection-state';
import {
  RhombusConnection,
  type ConnectionLog,
  type ConnectionSettings,
  type ConnectionUser,
} from '../connection/rhombus-connection';
import { RhombusError, RhombusErrorCode } from '../rhombus/errors';
import { resolveEndpoints, type Endpoints } from '../rhombus/regions';
import {
  RhombusRestClient,
  type DeviceInfo,
  type LocationInfo,
} from '../rhombus/rest-client';
import { DEFAULT_API_KEY, RhombusSimulator } from '../simulator';
import type { ResumePoint } from './resume-point';

/** The settings of a config node, as saved in the flow. */
export interface AccountOptions {
  readonly region: string;
  readonly restUrl?: string;
  readonly wsUrl?: string;
  readonly partnerOrgUuid?: string;
  readonly apiKey?: string;
  readonly simulatorRate?: number;
  /** Overrides for tests: short heart-beats, backoff and so on. */
  readonly tuning?: Partial<ConnectionSettings>;
  /** Set when the user asked to catch up on alerts missed while stopped. */
  readonly resumePoint?: ResumePoint;
}

/** How often the time of the last event is saved for catch-up on start. */
const RESUME_SAVE_INTERVAL_MS = 30_000;

/** An account's devices and locations, for the editor's pickers. */
export interface Catalog {
  readonly devices: readonly DeviceInfo[];
  readonly locations: readonly LocationInfo[];
}

/** The key the built-in simulator accepts when none is entered. */
export const SIMULATOR_DEMO_KEY = DEFAULT_API_KEY;

/**
 * One Rhombus account as a config node holds it: the pooled connection,
 * and for the Simulator region the simulator it talks to. The connection
 * is made when the first flow node registers; until then, and while the
 * simulator starts, registered users wait in `pending`.
 */
export class Account {
  private connection: RhombusConnection | undefined;
  private simulator: RhombusSimulator | undefined;
  private readonly pending = new Set<ConnectionUser>();
  private starting: Promise<void> | undefined;
  private settings: Promise<ConnectionSettings> | undefined;
  private closed = false;
  private failure: RhombusError | undefined;
  private resumeTimer: ReturnType<typeof setInterval> | undefined;
  private savedResumeMs: number | undefined;

  constructor(
    private readonly options: AccountOptions,
    private readonly log: ConnectionLog,
  ) {}

  /** The live connection, once a user has caused one to exist. */
  get liveConnection(): RhombusConnection | undefined {
    return this.connection;
  }

  register(user: ConnectionUser): void {
    if (this.connection) {
      this.connection.register(user);
      return;
    }

    this.pending.add(user);
    user.onStatus(this.waitingStatus());
    this.starting ??= this.start();
  }

  deregister(user: ConnectionUser): void {
    this.pending.delete(user);
    this.connection?.deregister(user);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pending.clear();
    await this.starting;
    await this.settings?.catch(() => undefined);
    clearInterval(this.resumeTimer);
    await this.connection?.close();
    this.saveResumePoint();
    await this.simulator?.stop();
  }

  private waitingStatus(): ConnectionStatus {
    if (this.failure) {
      return { state: ConnectionState.Failed, error: this.failure };
    }

    return { state: ConnectionState.Connecting };
  }

  private async start(): Promise<void> {
    try {
      const settings = await this.connectionSettings();
      if (this.closed) return;

      this.connection = new RhombusConnection(settings, this.log);
      for (const user of this.pending) this.connection.register(user);
      this.pending.clear();
      this.keepResumePoint();
    } catch (error) {
      this.fail(error);
    }
  }

  private keepResumePoint(): void {
    if (!this.options.resumePoint) return;

    this.resumeTimer = setInterval(
      () => this.saveResumePoint(),
      RESUME_SAVE_INTERVAL_MS,
    );
  }

  private saveResumePoint(): void {
    const lastEventMs = this.connection?.lastEventTime;
    if (lastEventMs === undefined || lastEventMs === this.savedResumeMs) {
      return;
    }

    try {
      this.options.resumePoint?.save(lastEventMs);
      this.savedResumeMs = lastEventMs;
    } catch (error) {
      this.log.warn(`could not save the catch-up point: ${String(error)}`);
    }
  }

  private fail(error: unknown): void {
    this.failure =
      error instanceof RhombusError
        ? error
        : new RhombusError(RhombusErrorCode.BadConfig, String(error));
    this.log.warn(this.failure.message);

    for (const user of this.pending) user.onStatus(this.waitingStatus());
  }

  /**
   * The devices and locations of the account, asked for afresh: the
   * editor asks rarely, and wants what is there now.
   */
  async catalog(): Promise<Catalog> {
    const rest =
      this.connection?.rest ??
      new RhombusRestClient(await this.connectionSettings());
    const [devices, locations] = await Promise.all([
      rest.getDevices(),
      rest.getLocations(),
    ]);

    return { devices, locations };
  }

  /** Resolved once: for the Simulator region this starts the simulator. */
  private connectionSettings(): Promise<ConnectionSettings> {
    this.settings ??= this.resolveSettings();
    return this.settings;
  }

  private async resolveSettings(): Promise<ConnectionSettings> {
    const endpoints = await this.endpoints();
    const apiKey = this.apiKey();

    return {
      ...this.options.tuning,
      ...endpoints,
      apiKey,
      partnerOrgUuid: this.options.partnerOrgUuid || undefined,
      resumeFromMs: this.options.resumePoint?.load(),
    };
  }

  private apiKey(): string {
    const key = this.options.apiKey?.trim() ?? '';
    if (key !== '') return key;

    if (this.options.region === 'simulator') return SIMULATOR_DEMO_KEY;
    throw new RhombusError(
      RhombusErrorCode.BadConfig,
      'no API key: enter one in the Rhombus config node',
    );
  }

  private async endpoints(): Promise<Endpoints> {
    if (this.options.region !== 'simulator') {
      return resolveEndpoints(this.options.region, this.options);
    }

    this.simulator = new RhombusSimulator({
      apiKeys: [this.options.apiKey?.trim() || SIMULATOR_DEMO_KEY],
      eventsPerSecond: this.options.simulatorRate ?? 1,
    });
    await this.simulator.start();
    this.log.info(`built-in simulator listening at ${this.simulator.wsUrl}`);

    return { restUrl: this.simulator.restUrl, wsUrl: this.simulator.wsUrl };
  }
}
