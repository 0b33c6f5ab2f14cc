#!/usr/bin/env node
/**
 * `rhombus-simulator`: runs the local Rhombus simulator until interrupted.
 *
 * Flags override environment variables, which override defaults:
 *   --host  RHOMBUS_SIM_HOST  interface to listen on (127.0.0.1)
 *   --port  RHOMBUS_SIM_PORT  port, 0 for any free one (0)
 *   --rate  RHOMBUS_SIM_RATE  generated events per second (1)
 *   --key   RHOMBUS_SIM_KEY   the API key clients must send
 *   --seed  RHOMBUS_SIM_SEED  seed of the demo organisation and events (1)
 */
import { parseArgs } from 'node:util';

import { DEFAULT_API_KEY } from './options';
import { RhombusSimulator } from './simulator';

const USAGE =
  'Usage: rhombus-simulator [--host 127.0.0.1] [--port 0] [--rate 1] ' +
  '[--key KEY] [--seed 1]';

/** Settings from the command line and environment, before validation. */
interface CliSettings {
  readonly host: string;
  readonly port: number;
  readonly eventsPerSecond: number;
  readonly key: string;
  readonly seed: number;
}

function readSettings(argv: string[], env: NodeJS.ProcessEnv): CliSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      rate: { type: 'string' },
      key: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }

  return {
    host: values.host ?? env['RHOMBUS_SIM_HOST'] ?? '127.0.0.1',
    port: toNumber('--port', values.port ?? env['RHOMBUS_SIM_PORT'] ?? '0'),
    eventsPerSecond: toNumber(
      '--rate',
      values.rate ?? env['RHOMBUS_SIM_RATE'] ?? '1',
    ),
    key: values.key ?? env['RHOMBUS_SIM_KEY'] ?? DEFAULT_API_KEY,
    seed: toNumber('--seed', values.seed ?? env['RHOMBUS_SIM_SEED'] ?? '1'),
  };
}

function toNumber(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new RangeError(`${flag} must be a number, got "${text}"`);
  }

  return value;
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2), process.env);
  const simulator = new RhombusSimulator({
    host: settings.host,
    port: settings.port,
    eventsPerSecond: settings.eventsPerSecond,
    apiKeys: [settings.key],
    seed: settings.seed,
  });
  await simulator.start();

  // The key printed here is the simulator's own, chosen on the command
  // line or defaulted; it is never a real Rhombus key.
  console.log(`Rhombus simulator running (org ${simulator.org.name})`);
  console.log(`  REST base URL: ${simulator.restUrl}`);
  console.log(`  WebSocket URL: ${simulator.wsUrl}`);
  console.log(`  API key:       ${simulator.apiKey}`);
  console.log(`  Topic:         ${simulator.topic}`);
  console.log(`  Events/second: ${simulator.eventsPerSecond}`);
  console.log('Press Ctrl+C to stop.');

  const shutDown = () => {
    simulator.stop().then(
      () => process.exit(0),
      (err: unknown) => fail(err),
    );
  };
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
}

function fail(err: unknown): never {
  console.error(err instanceof Error ? err.message : String(err));
  console.error(USAGE);
  process.exit(1);
}

main().catch(fail);
