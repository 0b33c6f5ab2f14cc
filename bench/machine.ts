import os from 'node:os';
import path from 'node:path';

/** What the numbers were measured on. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly nodeRed: string;
  readonly ws: string;
  readonly stompjs: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    nodeRed: packageVersion('node-red/package.json'),
    ws: packageVersion('ws/package.json'),
    stompjs: stompjsVersion(),
  };
}

function packageVersion(manifest: string): string {
  // A JSON manifest read at run time: there is no import form for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const json: unknown = require(manifest);

  return versionOf(json);
}

/** @stomp/stompjs exports no package.json, so it is read by path. */
function stompjsVersion(): string {
  const entry = require.resolve('@stomp/stompjs');
  const root = path.dirname(path.dirname(entry));

  return packageVersion(path.join(root, 'package.json'));
}

function versionOf(json: unknown): string {
  if (json instanceof Object && 'version' in json) {
    return String(json.version);
  }
  return 'unknown';
}
