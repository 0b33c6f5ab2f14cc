/**
 * Faults the simulator injects on request, so tests can drive a client
 * through the failures the real service shows. Every fault stays until it
 * is used up or cleared; {@link SimulatorFaults.clear} removes them all.
 *
 * Faults acting on live connections (going silent, ERROR-then-close,
 * resetting sockets) are methods of the simulator itself, because they act
 * once rather than persist.
 */
export class SimulatorFaults {
  private handshakeRejection: CountedFault<number> | undefined;
  private upgradeStalls: number = 0;
  private connectedStalls: number = 0;
  private rateLimits: CountedFault<number> | undefined;
  private serverErrors: CountedFault<number> | undefined;
  private readonly inBandErrors = new Map<string, CountedFault<string>>();

  /**
   * Rejects WebSocket upgrades with `status` (e.g. 401, 403, 500).
   * @param count how many handshakes to reject; default all until cleared.
   */
  rejectHandshakes(status: number, count = Infinity): void {
    requireStatus(status);
    this.handshakeRejection = { value: status, remaining: count };
  }

  /**
   * Makes upgrade requests hang: the TCP connection is accepted but no HTTP
   * response ever comes. Stalled sockets are destroyed by `stop()`.
   * @param count how many upgrades to stall; default all until cleared.
   */
  stallUpgrade(count = Infinity): void {
    this.upgradeStalls = count;
  }

  /**
   * Accepts the WebSocket but never answers CONNECT with CONNECTED.
   * @param count how many sessions to stall; default all until cleared.
   */
  stallConnected(count = Infinity): void {
    this.connectedStalls = count;
  }

  /**
   * Answers the next `count` REST calls with HTTP 429 and `Retry-After`.
   * @param retryAfterSec the `Retry-After` value, in whole seconds.
   */
  rateLimit(count: number, retryAfterSec = 1): void {
    this.rateLimits = { value: retryAfterSec, remaining: count };
  }

  /** Answers the next `count` REST calls with `status` (default 500). */
  failRest(count: number, status = 500): void {
    requireStatus(status);
    this.serverErrors = { value: status, remaining: count };
  }

  /**
   * Answers the next `count` calls of `path` (e.g. `/org/getOrgV2`) with
   * HTTP 200 and `{error: true, errorMsg}`.
   */
  inBandError(path: string, count: number, errorMsg = 'Simulated error'): void {
    this.inBandErrors.set(path, { value: errorMsg, remaining: count });
  }

  /** Removes every fault set through this object. */
  clear(): void {
    this.handshakeRejection = undefined;
    this.upgradeStalls = 0;
    this.connectedStalls = 0;
    this.rateLimits = undefined;
    this.serverErrors = undefined;
    this.inBandErrors.clear();
  }

  /** @internal The status to reject this handshake with, if any. */
  takeHandshakeRejection(): number | undefined {
    return take(this.handshakeRejection);
  }

  /** @internal Whether to stall this upgrade. */
  takeUpgradeStall(): boolean {
    const stall = this.upgradeStalls > 0;
    this.upgradeStalls = Math.max(0, this.upgradeStalls - 1);

    return stall;
  }

  /** @internal Whether to leave this CONNECT unanswered. */
  takeConnectedStall(): boolean {
    const stall = this.connectedStalls > 0;
    this.connectedStalls = Math.max(0, this.connectedStalls - 1);

    return stall;
  }

  /** @internal `Retry-After` seconds when this call is rate limited. */
  takeRateLimit(): number | undefined {
    return take(this.rateLimits);
  }

  /** @internal The 5xx status for this call, if any. */
  takeServerError(): number | undefined {
    return take(this.serverErrors);
  }

  /** @internal The in-band error message for this call of `path`. */
  takeInBandError(path: string): string | undefined {
    return take(this.inBandErrors.get(path));
  }
}

interface CountedFault<T> {
  readonly value: T;
  remaining: number;
}

function take<T>(fault: CountedFault<T> | undefined): T | undefined {
  if (fault === undefined || fault.remaining <= 0) {
    return undefined;
  }

  fault.remaining--;

  return fault.value;
}

function requireStatus(status: number): void {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError('status must be an HTTP error status (400-599)');
  }
}
