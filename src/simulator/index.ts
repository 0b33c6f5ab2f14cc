/**
 * A local Rhombus simulator: REST, the STOMP change topic, a demo
 * organisation, generated events and fault injection. Used by `npm start`,
 * by the config node's "Simulator" region and by the test suites.
 */
export { RhombusSimulator } from './simulator';
export type { SimulatorEventMap } from './simulator-events';
export { DEFAULT_API_KEY } from './options';
export type { RhombusSimulatorOptions } from './options';
export type { AlertShape, AlertSpec } from './alert-spec';
export type { AlertShapeSetting } from './event-factory';
export type { AlertQuery, SimPolicyAlert } from './alert-history';
export type { DemoOrg, SimCamera, SimLocation, SimSensor } from './demo-org';
export { SimulatorFaults } from './faults';
export { SimulatorStats } from './stats';
export { SessionState } from './session-info';
export type { SessionInfo, SubscriptionInfo } from './session-info';
export type { HeartBeatPlan } from './heart-beat';
export { PLACEHOLDER_FRAME_JPEG } from './frame-jpeg';
export type { JsonObject } from './json';
