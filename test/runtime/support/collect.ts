import type { Node, NodeMessage } from 'node-red';

/** The messages a helper node received, in order, as they arrive. */
export class Received {
  readonly messages: NodeMessage[] = [];

  constructor(node: Node) {
    node.on('input', (msg: NodeMessage) => {
      this.messages.push(msg);
    });
  }

  get count(): number {
    return this.messages.length;
  }

  payloads<T = Record<string, unknown>>(): T[] {
    return this.messages.map((msg) => msg.payload as T);
  }

  /** Entity uuids of the events received, for duplicate checks. */
  entityUuids(): string[] {
    return this.payloads<{ entityUuid: string }>().map((p) => p.entityUuid);
  }
}
