import type { Segment } from '../../core/types';

/** The latest full scan of one frame, as its content script reported it. */
export interface FrameScan {
  url: string;
  segments: Segment[];
  closedShadowRoots: number;
  timings: Record<string, number>;
  truncated?: boolean;
  /** Text blocks the frame read (a lazy scan reports segments only for the few that needed a hiding verdict). */
  blocks?: number;
}

/** Where a tab-wide segment id came from: [frameId, the frame's own segment id]. */
export type Route = [frameId: number, localId: number];

export interface MergedScan {
  segments: Segment[];
  routes: Map<number, Route>;
  closedShadowRoots: number;
  /** Per stage, the slowest frame (frames scan in parallel). */
  timings: Record<string, number>;
  truncated: boolean;
  /** Text blocks read in all frames (at least the segments). */
  blocks: number;
}

/**
 * Joins the frames of a tab into one list with tab-wide ids (segment ids are only unique per frame scan),
 * top frame first, and remembers each id's route so page actions reach the right frame.
 */
export function mergeFrames(frames: ReadonlyMap<number, FrameScan>): MergedScan {
  const segments: Segment[] = [];
  const routes = new Map<number, Route>();
  const timings: Record<string, number> = {};
  let closedShadowRoots = 0;
  let truncated = false;
  let blocks = 0;
  for (const frameId of [...frames.keys()].sort((a, b) => a - b)) {
    const scan = frames.get(frameId)!;
    closedShadowRoots += scan.closedShadowRoots;
    truncated ||= scan.truncated === true;
    blocks += Math.max(scan.blocks ?? 0, scan.segments.length);
    for (const [stage, ms] of Object.entries(scan.timings)) timings[stage] = Math.max(timings[stage] ?? 0, ms);
    for (const segment of scan.segments) {
      const id = segments.length;
      routes.set(id, [frameId, segment.id]);
      segments.push({ ...segment, id });
    }
  }
  return { segments, routes, closedShadowRoots, timings, truncated, blocks };
}

/** Group tab-wide ids by frame, translated back to the frame's own ids. */
export function idsByFrame(ids: readonly number[], routes: ReadonlyMap<number, Route> | Record<string, Route>): Map<number, number[]> {
  const get = (id: number): Route | undefined => (routes instanceof Map ? routes.get(id) : (routes as Record<string, Route>)[id]);
  const out = new Map<number, number[]>();
  for (const id of ids) {
    const route = get(id);
    if (!route) continue;
    const list = out.get(route[0]) ?? [];
    list.push(route[1]);
    out.set(route[0], list);
  }
  return out;
}
