/**
 * Recent snapshots of one thing (bounded). Rules that compare two snapshots need them some time
 * apart, so a view polled every few seconds must be compared with the newest snapshot that is old
 * enough, not with the one taken a moment ago.
 */
export class SnapshotHistory<S extends { takenAtMs: bigint }> {
  private snapshots: S[] = [];

  constructor(
    private readonly compareAfterMs = 30_000n,
    private readonly keepMs = 10n * 60_000n,
    private readonly spacingMs = 10_000n,
    private readonly max = 64,
  ) {}

  /** Records `current` and returns the snapshot to compare it with (undefined for the first). */
  take(current: S): S | undefined {
    const history = this.snapshots.filter((s) => current.takenAtMs - s.takenAtMs <= this.keepMs);
    const oldEnough = history.filter((s) => current.takenAtMs - s.takenAtMs >= this.compareAfterMs);
    const previous = oldEnough.at(-1) ?? history.at(-1);
    const last = history.at(-1);
    // At most one snapshot per spacing interval, so the history stays small however often it is polled.
    if (!last || current.takenAtMs - last.takenAtMs >= this.spacingMs) history.push(current);
    this.snapshots = history.slice(-this.max);
    return previous;
  }
}
