// The helper ships no types; these cover the part of its API the tests use.
declare module 'node-red-node-test-helper' {
  import type { Node } from 'node-red';

  /** The part of a supertest request the tests use. */
  interface Test extends PromiseLike<TestResponse> {
    send(body: object): Test;
    set(header: string, value: string): Test;
  }

  interface TestResponse {
    status: number;
    body: unknown;
  }

  type FlowNode = Record<string, unknown> & { id: string; type: string };
  type Credentials = Record<string, Record<string, string>>;
  type NodeModule = (RED: unknown) => void;

  interface TestRequest {
    get(path: string): Test;
    post(path: string): Test;
  }

  interface TestHelper {
    init(runtimePath: string, userSettings?: object): void;
    settings(userSettings?: object): object;
    load(
      nodes: NodeModule | NodeModule[],
      flow: FlowNode[],
      credentials?: Credentials,
    ): Promise<void>;
    setFlows(
      flow: FlowNode[],
      type: 'full' | 'flows' | 'nodes',
      credentials?: Credentials,
    ): Promise<void>;
    unload(): Promise<void>;
    getNode(id: string): Node;
    clearFlows(): Promise<void>;
    startServer(): Promise<void>;
    stopServer(): Promise<void>;
    request(): TestRequest;
    url(): string;
    log(): unknown;
  }

  const helper: TestHelper;
  export = helper;
}
