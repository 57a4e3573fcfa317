/**
 * Typed transport over runtime/tabs messaging: `send` wraps a payload in an addressed envelope and unwraps the
 * reply (remote errors re-thrown locally); `listen` registers ONE runtime.onMessage listener for a context that
 * ignores envelopes not addressed to it, checks the sender, validates the payload and serialises errors.
 * Call `listen` synchronously at top level (MV3: a listener added later misses the message that woke us).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import {
  parseEnvelope,
  senderAllowed,
  serialiseError,
  unwrapReply,
  validatePayload,
  RECEIVER,
  type Context,
  type MessageName,
  type Payload,
  type Reply,
  type Wire,
} from './messages';

export type Handler<N extends MessageName> = (
  payload: Payload<N>,
  sender: Runtime.MessageSender,
) => Reply<N> | Promise<Reply<N>>;
export type Handlers = { [N in MessageName]?: Handler<N> };

/** Send a message; to a tab (content script) when `target.tabId` is given, else to extension contexts. */
export async function send<N extends MessageName>(
  name: N,
  payload: Payload<N>,
  target: { tabId?: number; frameId?: number } = {},
): Promise<Reply<N>> {
  const envelope = { to: RECEIVER[name], name, payload };
  const wire =
    target.tabId === undefined
      ? await browser.runtime.sendMessage(envelope)
      : await browser.tabs.sendMessage(
          target.tabId,
          envelope,
          target.frameId === undefined ? undefined : { frameId: target.frameId },
        );
  return unwrapReply<Reply<N>>(wire);
}

/** Listen as context `me`. Returns a function that removes the listener. */
export function listen(me: Context, handlers: Handlers): () => void {
  const ownId = browser.runtime.id;
  const ownOrigin = browser.runtime.getURL('');
  const listener = (message: unknown, sender: Runtime.MessageSender): Promise<Wire<unknown>> | undefined => {
    const envelope = parseEnvelope(message, me);
    if (!envelope) return undefined; // not ours: let other listeners (or nobody) answer
    const handler = handlers[envelope.name] as Handler<MessageName> | undefined;
    if (!handler) return undefined;
    if (!senderAllowed(envelope.name, sender, ownId, ownOrigin)) {
      return Promise.resolve({ ok: false, $$error: { name: 'SenderError', message: `sender not allowed for ${envelope.name}` } });
    }
    return (async (): Promise<Wire<unknown>> => {
      try {
        const payload = validatePayload(envelope.name, envelope.payload);
        const value = await handler(payload as never, sender);
        return { ok: true, value: value ?? null };
      } catch (error) {
        return { ok: false, $$error: serialiseError(error) };
      }
    })();
  };
  browser.runtime.onMessage.addListener(listener as never);
  return () => browser.runtime.onMessage.removeListener(listener as never);
}
