export interface Interval {
  start: number;
  end: number;
}

export interface LaneAssignment {
  /** Lane of each interval, in the input's order. */
  lane: Int32Array;
  /** Lanes used: the most intervals open at one moment. */
  laneCount: number;
}

/**
 * Greedy interval partitioning: take intervals by start and put each in the lane that freed up
 * earliest, or open a new lane when none is free. That uses the fewest lanes possible, so the
 * lane count equals the most sessions open at once. An interval that starts exactly when another
 * ends may share its lane. O(n log n) with a binary heap of lane ends.
 */
export function assignLanes(intervals: readonly Interval[]): LaneAssignment {
  const count = intervals.length;
  const lane = new Int32Array(count);
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  intervals.forEach(({ start, end }, index) => {
    starts[index] = start;
    ends[index] = Math.max(start, end);
  });
  const order = new Uint32Array(count).map((_, index) => index);
  order.sort((a, b) => starts[a]! - starts[b]! || ends[a]! - ends[b]! || a - b);

  // Min-heap of lanes keyed by the end of their last interval (ties: lower lane first).
  const heapEnd = new Float64Array(count);
  const heapLane = new Int32Array(count);
  let size = 0;
  const less = (i: number, j: number) =>
    heapEnd[i]! < heapEnd[j]! || (heapEnd[i] === heapEnd[j] && heapLane[i]! < heapLane[j]!);
  const swap = (i: number, j: number) => {
    const end = heapEnd[i]!;
    const laneIndex = heapLane[i]!;
    heapEnd[i] = heapEnd[j]!;
    heapLane[i] = heapLane[j]!;
    heapEnd[j] = end;
    heapLane[j] = laneIndex;
  };

  let laneCount = 0;
  for (const index of order) {
    const start = starts[index]!;
    if (size > 0 && heapEnd[0]! <= start) {
      lane[index] = heapLane[0]!;
      heapEnd[0] = ends[index]!;
      for (let i = 0; ;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < size && less(left, smallest)) smallest = left;
        if (right < size && less(right, smallest)) smallest = right;
        if (smallest === i) break;
        swap(i, smallest);
        i = smallest;
      }
    } else {
      lane[index] = laneCount;
      heapEnd[size] = ends[index]!;
      heapLane[size] = laneCount;
      for (let i = size; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!less(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
      size += 1;
      laneCount += 1;
    }
  }
  return { lane, laneCount };
}

/**
 * The `laneCount` that `assignLanes` gives the same intervals, without assigning them: sorted
 * starts and ends only, so the timeline can reserve its height before it lays the bars out.
 * At each distinct start, the lanes in use are the intervals started so far minus those ended by
 * then; a zero-length interval still takes a lane of its own when it starts alone.
 */
export function countLanes(intervals: readonly Interval[]): number {
  const count = intervals.length;
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  const longStarts = new Float64Array(count);
  let longCount = 0;
  intervals.forEach(({ start, end }, index) => {
    starts[index] = start;
    ends[index] = Math.max(start, end);
    if (end > start) longStarts[longCount++] = start;
  });
  starts.sort();
  ends.sort();
  const long = longStarts.subarray(0, longCount).sort();
  let most = 0;
  let ended = 0;
  let longAt = 0;
  for (let started = 0; started < count;) {
    const at = starts[started]!;
    while (started < count && starts[started] === at) started += 1;
    while (ended < count && ends[ended]! <= at) ended += 1;
    while (longAt < longCount && long[longAt]! < at) longAt += 1;
    const onlyZeroLength = !(longAt < longCount && long[longAt] === at);
    most = Math.max(most, started - ended + (onlyZeroLength ? 1 : 0));
  }
  return most;
}
