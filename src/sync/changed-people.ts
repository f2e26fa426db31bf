/**
 * The people (group keys) a run changed before planning: records the pull wrote (the person they
 * belonged to and the one they belong to now), records a full pull no longer saw, accounts the
 * reconciliation linked or let go, assignments made since the last plan. A plan that re-plans only
 * what changed walks these. Past `limit` the set stops growing and the plan walks everyone: by
 * then walking everyone is as quick, and memory stays flat.
 */
export class ChangedPeople {
  private readonly keys = new Set<string>();
  private full = false;
  /** Whether any record came, went or changed the school it entered (the findings are made again). */
  enteredSchoolsChanged = false;

  constructor(private readonly limit: number) {}

  add(groupKey: string): void {
    if (this.full) return;
    this.keys.add(groupKey);
    if (this.keys.size > this.limit) this.overflow();
  }

  /** More changed than could be named: the plan covers everyone. */
  overflow(): void {
    this.full = true;
    this.keys.clear();
  }

  addAll(groupKeys: Iterable<string>): void {
    for (const k of groupKeys) this.add(k);
  }

  /** Too many to re-plan one by one. */
  get overflowed(): boolean {
    return this.full;
  }

  get size(): number {
    return this.keys.size;
  }

  /** In key order, the order the plan reads them in. */
  sorted(): string[] {
    return [...this.keys].sort();
  }
}
