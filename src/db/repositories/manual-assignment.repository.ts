import type { Selectable } from 'kysely';
import type { AssignmentRecord } from '../../core/assignment-record.js';
import type { AssignmentState, StaleReason } from '../../core/manual-assignment.js';
import type { Db } from '../database.js';
import type { ManualAssignmentStore } from '../ports/manual-assignment.port.js';
import type { ManualAssignmentTable } from '../tables/manual-assignment.table.js';
import { chunks, IN_LIST_LIMIT } from '../upsert.js';

export type { AssignmentRecord } from '../../core/assignment-record.js';

const COLUMNS = ['teacher_id', 'school_id', 'institution_code', 'reason', 'assigned_by', 'created_at_ms', 'state', 'stale_reason', 'stale_at_ms'] as const;

function toRecord(r: Selectable<ManualAssignmentTable>): AssignmentRecord {
  return {
    teacherId: r.teacher_id, schoolId: r.school_id, institutionCode: r.institution_code, state: r.state as AssignmentState,
    reason: r.reason, assignedBy: r.assigned_by, createdAtMs: Number(r.created_at_ms),
    staleReason: r.stale_reason as StaleReason | null, staleAtMs: r.stale_at_ms === null ? null : Number(r.stale_at_ms),
  };
}

/** Schools chosen by hand for single teachers: a few thousand at most, so read whole when planning. */
export class ManualAssignmentRepository implements ManualAssignmentStore {
  constructor(private readonly db: Db) {}

  async list(filter: { state?: AssignmentState } = {}): Promise<AssignmentRecord[]> {
    let q = this.db.selectFrom('manual_assignment').select(COLUMNS).orderBy('teacher_id');
    if (filter.state) q = q.where('state', '=', filter.state);
    return (await q.execute()).map(toRecord);
  }

  async byTeacherIds(teacherIds: readonly string[]): Promise<Map<string, AssignmentRecord>> {
    const out = new Map<string, AssignmentRecord>();
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      for (const r of await this.db.selectFrom('manual_assignment').select(COLUMNS).where('teacher_id', 'in', ids).execute()) out.set(r.teacher_id, toRecord(r));
    }
    return out;
  }

  /** Records new assignments, replacing any earlier one of the same teacher. */
  async replace(records: readonly AssignmentRecord[]): Promise<void> {
    await this.remove(records.map((r) => r.teacherId));
    for (const part of chunks(records, 500)) {
      if (part.length === 0) continue;
      await this.db
        .insertInto('manual_assignment')
        .values(part.map((r) => ({
          teacher_id: r.teacherId, school_id: r.schoolId, institution_code: r.institutionCode, reason: r.reason.slice(0, 1000),
          assigned_by: r.assignedBy.slice(0, 100), created_at_ms: r.createdAtMs, state: r.state, stale_reason: r.staleReason, stale_at_ms: r.staleAtMs,
        })))
        .execute();
    }
  }

  async remove(teacherIds: readonly string[]): Promise<void> {
    for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (ids.length > 0) await this.db.deleteFrom('manual_assignment').where('teacher_id', 'in', ids).execute();
    }
  }

  /** Marks assignments that stopped holding; one already stale keeps the reason it was first given. */
  async markStale(items: readonly { teacherId: string; reason: StaleReason }[], atMs: number): Promise<void> {
    const byReason = new Map<StaleReason, string[]>();
    for (const i of items) {
      const ids = byReason.get(i.reason);
      if (ids) ids.push(i.teacherId);
      else byReason.set(i.reason, [i.teacherId]);
    }
    for (const [reason, teacherIds] of byReason) {
      for (const ids of chunks(teacherIds, IN_LIST_LIMIT)) {
        await this.db
          .updateTable('manual_assignment')
          .set({ state: 'stale', stale_reason: reason, stale_at_ms: atMs })
          .where('teacher_id', 'in', ids)
          .where('state', '=', 'active')
          .execute();
      }
    }
  }
}
