/** A REST reply as the tests look at it. */
export interface RestReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body when it was JSON, else undefined. */
  readonly json: Record<string, unknown> | undefined;
}

/** POSTs `body` to `restUrl + path` with the api-token headers. */
export async function post(
  restUrl: string,
  path: string,
  key: string,
  body: unknown = {},
  extraHeaders: Record<string, string> = {},
): Promise<RestReply> {
  const response = await fetch(`${restUrl}${path}`, {
    method: 'POST',
    headers: {
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': key,
      'content-type': 'application/json',
      ...extraHeaders,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();

  return {
    status: response.status,
    headers: response.headers,
    text,
    json: parseJson(text),
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Plain-text replies (401, 429, ...) are expected in these tests.
    return undefined;
  }
}
