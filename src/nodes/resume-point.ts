import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a config node keeps the time of the last event it saw, so that
 * after Node-RED restarts it can catch up on alerts from that moment (when
 * the user asked for it). One small JSON file per config node under the
 * user directory; it holds a timestamp and nothing else.
 */
export class ResumePoint {
  private readonly file: string;

  constructor(userDir: string, configId: string) {
    const safeId = configId.replace(/[^A-Za-z0-9_-]/g, '_');
    this.file = join(userDir, 'rhombus', `${safeId}.json`);
  }

  /** The saved time, or undefined when there is none or it is unreadable. */
  load(): number | undefined {
    try {
      const saved: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      const ms = (saved as { lastEventMs?: unknown }).lastEventMs;
      return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
    } catch {
      // No file yet (first start) or a damaged one: start without catch-up.
      return undefined;
    }
  }

  /** Saves atomically, so a crash mid-write leaves the old value. */
  save(lastEventMs: number): void {
    const temporary = `${this.file}.tmp`;

    mkdirSync(join(this.file, '..'), { recursive: true });
    writeFileSync(temporary, JSON.stringify({ lastEventMs }));
    renameSync(temporary, this.file);
  }
}
