/**
 * Writes results in input order although they complete out of order: a result waits in a buffer until
 * every earlier one has been written. Memory is bounded by the pool size in practice, since the pool
 * starts inputs in order.
 */
export interface OrderedWriter {
  /** Hands in the line for input `index` (0-based); writes it and any buffered successors that are due. */
  put(index: number, line: string): void;
  /** How many lines have been written so far. */
  readonly written: number;
}

export function createOrderedWriter(write: (line: string) => void): OrderedWriter {
  const pending = new Map<number, string>();
  let next = 0;
  return {
    put(index, line) {
      if (index < next || pending.has(index)) throw new Error(`result ${index} handed in twice`);
      pending.set(index, line);
      while (pending.has(next)) {
        write(pending.get(next)!);
        pending.delete(next);
        next++;
      }
    },
    get written() {
      return next;
    },
  };
}
