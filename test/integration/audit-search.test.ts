import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repositories } from '../../src/db/repositories.js';
import type { AuditEntry } from '../../src/db/repositories/audit-log.repository.js';
import { openMigratedDatabase, type DbKind, type MigratedDatabase } from '../support/databases.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T00:00:00+08:00');

const entry = (i: number, teacherId: string, actor: string, from: string | null, to: string): AuditEntry => ({
  atMs: T0 + i * DAY, actor, action: 'assign', teacherId, source: 'web', reason: `r${i}`,
  before: { schoolId: from, assignment: null },
  after: { schoolId: to, assignment: { schoolId: to, institutionCode: '3301040001', state: 'active' } },
});

describe.each<DbKind>(['sqlite', 'mariadb'])('the audit log filtered as the console filters it, on %s', (kind) => {
  let database: MigratedDatabase;
  let repos: Repositories;

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    repos = database.repos;
    await repos.audit.append([
      entry(0, 'T1', '王老师', null, 'S1'),
      entry(1, 'T2', '李老师', 'S1', 'S2'),
      entry(2, 'T1', '王老师', 'S1', 'S%_'),
      entry(3, 'T3', '王老师', 'S12', 'S3'),
      entry(4, 'T2', '省级运维', 'S2', 'S1'),
    ]);
  });
  afterAll(async () => database?.close());

  const reasons = async (filter: Parameters<Repositories['audit']['search']>[0]) => (await repos.audit.search(filter)).map((e) => e.reason);

  it.each([
    ['everything, newest first', { limit: 10 }, ['r4', 'r3', 'r2', 'r1', 'r0']],
    ['one teacher', { teacherId: 'T1', limit: 10 }, ['r2', 'r0']],
    ['one actor', { actor: '王老师', limit: 10 }, ['r3', 'r2', 'r0']],
    ['a school, before or after, and not a school whose id starts the same', { schoolId: 'S1', limit: 10 }, ['r4', 'r2', 'r1', 'r0']],
    ['a school id holding LIKE wildcards, matched literally', { schoolId: 'S%_', limit: 10 }, ['r2']],
    ['a range of days, its end excluded', { fromMs: T0 + DAY, toMs: T0 + 3 * DAY, limit: 10 }, ['r2', 'r1']],
    ['filters together', { actor: '王老师', schoolId: 'S1', fromMs: T0 + DAY, limit: 10 }, ['r2']],
    ['a limit', { limit: 2 }, ['r4', 'r3']],
  ] as const)('%s', async (_label, filter, expected) => {
    expect(await reasons(filter)).toEqual(expected);
  });

  it('pages on with the oldest id shown', async () => {
    const first = await repos.audit.search({ limit: 2 });
    expect(await reasons({ limit: 2, beforeId: first[1]!.id })).toEqual(['r2', 'r1']);
  });
});
