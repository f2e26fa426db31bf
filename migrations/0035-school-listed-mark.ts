import { sql, type Kysely } from 'kysely';

/**
 * A school the platform no longer lists is now marked by `seen_run_id` 0, so that a pull need not
 * write every school it lists again to tell them from the others (it writes only what changed).
 * The schools the last pull did not list are marked so here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const last = await sql<{ m: number | null }>`SELECT MAX(seen_run_id) AS m FROM target_school`.execute(db);
  const m = last.rows[0]?.m;
  if (m === null || m === undefined) return;
  await sql`UPDATE target_school SET seen_run_id = 0 WHERE seen_run_id <> ${Number(m)}`.execute(db);
}

/** Nothing to undo: the code before this writes every school it lists again, with its run, on its first pull. */
export async function down(): Promise<void> {}
