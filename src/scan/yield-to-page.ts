/**
 * Gives the main thread back to the page between scan slices. MessageChannel rather than setTimeout
 * (clamped to ≥4 ms after nesting) or requestIdleCallback (a busy page can starve it: Bitwarden's scheduler note).
 */
let channel: MessageChannel | null = null;
const waiting: Array<() => void> = [];

export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    try {
      if (!channel) {
        channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const next = waiting.shift();
          next?.();
        };
      }
      waiting.push(resolve);
      channel.port2.postMessage(0);
    } catch {
      setTimeout(resolve, 0);
    }
  });
}
