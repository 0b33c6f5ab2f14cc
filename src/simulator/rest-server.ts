import type { IncomingMessage, ServerResponse } from 'node:http';

import { AuthPolicy, authenticate } from './auth';
import { SimulatorFaults } from './faults';
import { PLACEHOLDER_FRAME_JPEG } from './frame-jpeg';
import { isJsonObject, JsonObject } from './json';
import { EndpointContext, ENDPOINTS, inBandError } from './rest-endpoints';
import { SimulatorStats } from './stats';

/** Everything the REST side needs from the simulator. */
export interface RestContext extends EndpointContext {
  readonly auth: AuthPolicy;
  readonly faults: SimulatorFaults;
  readonly stats: SimulatorStats;
  readonly authErrorBody: 'plain' | 'json';
}

/** Prefix of every REST path, as in the real service's base URL. */
export const API_BASE_PATH = '/api';

/** Prefix of the still-frame URLs handed out by `getExactFrameUri`. */
const FRAMES_PATH = '/frames/';

/** Request bodies beyond this are refused; real ones are tiny. */
const MAX_BODY_BYTES = 1024 * 1024;

/** A request that could not be read (too large, aborted). */
class BodyError extends Error {}

/**
 * Answers one HTTP request: `POST /api/...` REST calls and `GET /frames/...`
 * image downloads. Checks run in the order a client would meet them at the
 * real service: route, method, auth, rate limit, server failure, body,
 * in-band error.
 */
export async function handleRestRequest(
  request: IncomingMessage,
  response: ServerResponse,
  context: RestContext,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://simulator').pathname;

  if (path.startsWith(FRAMES_PATH)) {
    context.stats.countRestCall('/frames');
    serveFrame(request, response, path, context);

    return;
  }

  if (!path.startsWith(`${API_BASE_PATH}/`)) {
    sendText(response, 404, 'Not Found');

    return;
  }

  const endpointPath = path.slice(API_BASE_PATH.length);
  context.stats.countRestCall(endpointPath);
  await serveApi(request, response, endpointPath, context);
}

async function serveApi(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  context: RestContext,
): Promise<void> {
  const endpoint = ENDPOINTS.get(path);
  if (endpoint === undefined) {
    sendText(response, 404, 'Not Found');

    return;
  }

  if (request.method !== 'POST') {
    response.setHeader('Allow', 'POST');
    sendText(response, 405, 'Method Not Allowed');

    return;
  }

  if (!passesGuards(request, response, context)) {
    return;
  }

  const body = await readJsonBody(request);
  if (body === undefined) {
    sendText(response, 400, 'Bad Request: the body must be a JSON object');

    return;
  }

  const errorMsg = context.faults.takeInBandError(path);
  sendJson(
    response,
    200,
    errorMsg === undefined ? endpoint(body, context) : inBandError(errorMsg),
  );
}

/** Auth and the injected HTTP failures; false when a reply was sent. */
function passesGuards(
  request: IncomingMessage,
  response: ServerResponse,
  context: RestContext,
): boolean {
  const auth = authenticate(request, context.auth);
  if (!auth.ok) {
    sendAuthError(response, auth.status, auth.reason, context.authErrorBody);

    return false;
  }

  const retryAfterSec = context.faults.takeRateLimit();
  if (retryAfterSec !== undefined) {
    response.setHeader('Retry-After', String(retryAfterSec));
    sendText(response, 429, 'Too Many Requests');

    return false;
  }

  const status = context.faults.takeServerError();
  if (status !== undefined) {
    sendText(response, status, 'Simulated server failure');

    return false;
  }

  return true;
}

function serveFrame(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  context: RestContext,
): void {
  if (request.method !== 'GET') {
    response.setHeader('Allow', 'GET');
    sendText(response, 405, 'Method Not Allowed');

    return;
  }

  const auth = authenticate(request, context.auth);
  if (!auth.ok) {
    sendAuthError(response, auth.status, auth.reason, context.authErrorBody);

    return;
  }

  const match = /^\/frames\/([^/]+)\/\d+\.jpg$/.exec(path);
  const cameraUuid =
    match === null ? undefined : decodeURIComponent(match[1] ?? '');
  if (!context.org.cameras.some((camera) => camera.uuid === cameraUuid)) {
    sendText(response, 404, 'Not Found');

    return;
  }

  response.writeHead(200, {
    'Content-Type': 'image/jpeg',
    'Content-Length': PLACEHOLDER_FRAME_JPEG.length,
  });
  response.end(PLACEHOLDER_FRAME_JPEG);
}

/** The parsed body, or undefined when it is not a JSON object. */
async function readJsonBody(
  request: IncomingMessage,
): Promise<JsonObject | undefined> {
  let text: string;
  try {
    text = await readBody(request);
  } catch (err) {
    // An aborted or oversized request has no usable body; the caller
    // answers 400 (the client may be gone, which is harmless).
    return err instanceof BodyError ? undefined : Promise.reject(err);
  }

  try {
    const parsed: unknown = JSON.parse(text);

    return isJsonObject(parsed) ? parsed : undefined;
  } catch {
    // Not JSON at all: the caller answers 400, which is the point.
    return undefined;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyError('request body too large'));
        request.destroy();

        return;
      }

      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', (err) => reject(new BodyError(err.message)));
  });
}

function sendAuthError(
  response: ServerResponse,
  status: 401 | 403,
  reason: string,
  style: 'plain' | 'json',
): void {
  if (style === 'json') {
    sendJson(response, status, { error: true, errorMsg: reason });
  } else {
    sendText(response, status, status === 401 ? 'Unauthorized' : 'Forbidden');
  }
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: JsonObject,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

function sendText(
  response: ServerResponse,
  status: number,
  text: string,
): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}
