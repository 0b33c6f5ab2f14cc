/** Which wire shape alerts take; see RHOMBUS.md, "Event body". */
export type AlertShape = 'flat' | 'nested';

/**
 * What to fix about a generated alert; everything left out is chosen by the
 * simulator's seeded random source.
 */
export interface AlertSpec {
  /** The alert uuid (the events' `entityUuid`). */
  uuid?: string;
  /**
   * The device the alert comes from. A device of the demo organisation
   * gets its location filled in; any other uuid is used as given.
   */
  deviceUuid?: string;
  /** `ActivityEnum` names, e.g. `['MOTION_HUMAN']`. */
  triggers?: readonly string[];
  textDescription?: string;
  /** Overrides the simulator's `alertShape` for this alert. */
  shape?: AlertShape;
  /** When the alert started; defaults to the simulator clock. */
  timestampMs?: number;
  /** The final duration reported by the last UPDATE. */
  durationSec?: number;
  /** How many UPDATE events follow the CREATE (at least 1). */
  updates?: number;
  /** Whether a DELETE (alert dismissed) ends the sequence. */
  dismiss?: boolean;
}
