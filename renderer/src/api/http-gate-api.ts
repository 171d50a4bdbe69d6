import {
  GateRequestError,
  isEventName,
  unwrapReply,
  type ChannelInput,
  type ChannelName,
  type ChannelOutput,
  type EventName,
  type EventPayloads,
  type GateApi,
  type Reply,
} from '../../../shared/ipc/contract';

/** The header that carries the loopback UI token on every request. */
export const UI_TOKEN_HEADER = 'X-MCP-Gate-UI-Token';

type AnyListener = (payload: unknown) => void;

/** A GateApi over loopback HTTP: `POST /api/invoke/<channel>` for requests, `/api/events` (SSE) for events. */
export function createHttpGateApi(token: string, base = ''): GateApi {
  const listeners = new Map<EventName, Set<AnyListener>>();
  let source: EventSource | null = null;

  const ensureSource = (): EventSource => {
    source ??= new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    return source;
  };

  const subscribe = (event: EventName, listener: AnyListener): (() => void) => {
    let set = listeners.get(event);
    if (set === undefined) {
      const fresh = new Set<AnyListener>();
      set = fresh;
      listeners.set(event, fresh);
      ensureSource().addEventListener(event, (message) => {
        const payload = parseEventData(message);
        if (payload === undefined) return;
        for (const each of [...fresh]) each(payload.value);
      });
    }
    const current = set;
    current.add(listener);
    return () => {
      current.delete(listener);
    };
  };

  return {
    async invoke<C extends ChannelName>(
      channel: C,
      input: ChannelInput<C>,
    ): Promise<ChannelOutput<C>> {
      const reply = await post(`${base}/api/invoke/${channel}`, token, input);
      return unwrapReply(reply as Reply<ChannelOutput<C>>);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      if (!isEventName(event)) return () => undefined;
      return subscribe(event, listener as AnyListener);
    },
  };
}

async function post(url: string, token: string, input: unknown): Promise<Reply<unknown>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [UI_TOKEN_HEADER]: token },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw new GateRequestError({
      code: 'unreachable',
      message:
        'MCP Gate is not answering. Check that `npm run demo:ui` (or the app) is still running, then reload this page.',
    });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isReply(body)) return body;
  throw new GateRequestError({
    code: response.status === 401 || response.status === 403 ? 'unauthorized' : 'bad-reply',
    message:
      response.status === 401 || response.status === 403
        ? 'This page is not allowed to talk to MCP Gate (wrong or old token). Open the URL that `npm run demo:ui` printed.'
        : `MCP Gate answered ${response.status} without a readable reply. Reload the page; if it keeps happening, restart MCP Gate.`,
  });
}

function isReply(body: unknown): body is Reply<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  if (body.ok === true) return 'value' in body;
  if (body.ok !== false || !('error' in body)) return false;
  const error = body.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string' &&
    'code' in error &&
    typeof error.code === 'string'
  );
}

function parseEventData(message: Event): { readonly value: unknown } | undefined {
  if (!(message instanceof MessageEvent) || typeof message.data !== 'string') return undefined;
  try {
    return { value: JSON.parse(message.data) as unknown };
  } catch {
    return undefined;
  }
}
