/**
 * Maps segment ids to the DOM places they came from, for the page actions (show, reveal, neutralise,
 * clean copy). Holds only WeakRefs so a removed node can be collected; capped so a page that keeps
 * mutating cannot grow it without bound (oldest ids are forgotten first).
 */
export interface SegmentTarget {
  element: Element;
  /** The text node or comment, when the segment is exactly one node. */
  node?: Node;
  /** For attribute / meta / input-value segments: the attribute read. */
  attribute?: string;
  /** Every text node that went into a grouped text segment (bounded). Added field: optional. */
  nodes?: Node[];
}

interface StoredTarget {
  element: WeakRef<Element>;
  node?: WeakRef<Node>;
  attribute?: string;
  nodes?: WeakRef<Node>[];
}

export const MAX_REGISTERED_SEGMENTS = 50_000;

const targets = new Map<number, StoredTarget>();

export function registerSegment(id: number, target: SegmentTarget): void {
  const stored: StoredTarget = { element: new WeakRef(target.element) };
  if (target.node) stored.node = new WeakRef(target.node);
  if (target.attribute) stored.attribute = target.attribute;
  if (target.nodes?.length) stored.nodes = target.nodes.map((n) => new WeakRef(n));
  targets.set(id, stored);
  if (targets.size > MAX_REGISTERED_SEGMENTS) {
    const oldest = targets.keys().next().value;
    if (oldest !== undefined) targets.delete(oldest);
  }
}

/** Where a segment came from, or undefined when unknown or its element is gone. */
export function getSegmentTarget(id: number): SegmentTarget | undefined {
  const stored = targets.get(id);
  if (!stored) return undefined;
  const element = stored.element.deref();
  if (!element) {
    targets.delete(id);
    return undefined;
  }
  const target: SegmentTarget = { element };
  const node = stored.node?.deref();
  if (node) target.node = node;
  if (stored.attribute) target.attribute = stored.attribute;
  if (stored.nodes) {
    const nodes = stored.nodes.map((r) => r.deref()).filter((n): n is Node => !!n);
    if (nodes.length) target.nodes = nodes;
  }
  return target;
}

/** Drops every registered segment (a full rescan starts over). */
export function forgetSegments(): void {
  targets.clear();
}

/** How many ids are registered (for tests and leak checks). */
export function registeredSegmentCount(): number {
  return targets.size;
}
