/**
 * Notices a peer that went silent. The socket counts activity with
 * noteActivity(), which is cheap enough to call for every message; a timer
 * looks at the count twice per interval, so no timer is re-armed per
 * message on the hot path.
 *
 * The link is declared dead after more than twice the interval without a
 * byte, as STOMP 1.2 suggests to allow for network delay.
 */
export class DeadLinkWatch {
  private activity = 0;
  private seenActivity = 0;
  private silentChecks = 0;
  private checks = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly onDead: () => void) {}

  /**
   * Starts watching. `probe`, when given, is called once per interval to
   * make the peer answer (a WebSocket ping when STOMP has no heart-beat).
   */
  start(intervalMs: number, probe?: () => void): void {
    this.stop();
    this.seenActivity = this.activity;

    this.timer = setInterval(() => {
      this.check();
      if (probe && this.checks % 2 === 0) probe();
    }, intervalMs / 2);
  }

  noteActivity(): void {
    this.activity += 1;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.silentChecks = 0;
    this.checks = 0;
  }

  private check(): void {
    this.checks += 1;

    if (this.activity !== this.seenActivity) {
      this.seenActivity = this.activity;
      this.silentChecks = 0;
      return;
    }

    this.silentChecks += 1;
    if (this.silentChecks >= CHECKS_BEFORE_DEAD) {
      this.stop();
      this.onDead();
    }
  }
}

/** Four checks at half the interval: two intervals of silence. */
const CHECKS_BEFORE_DEAD = 4;
