import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountSnapshot, startHarness, summaryOf, type Harness } from '../support/harness.js';

describe('a source that suddenly lists much less stops the run before anything changes', () => {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  const synced = async () => {
    const h = await startHarness('mariadb', { seed: 11, teachers: 500 });
    open.push(h);
    const first = summaryOf(await h.cli(['sync', '--json']));
    expect(first.status).toBe('succeeded');
    return h;
  };
  /** Files of a run's reports: the county reports and the province's summary. */
  const reportsOf = (h: Harness, runId: number) => {
    const dir = join(h.env['REPORT_DIR']!, `run-${runId}`);
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  it('halts on a full pull that lost a third of the teachers: nobody disabled, nobody gone, no county mailed', async () => {
    const h = await synced();
    const before = accountSnapshot(h.sims);
    const ids = h.sims.ttp.list().map((t) => t.teacherId);
    for (const id of ids.slice(0, Math.ceil(ids.length / 3))) h.sims.ttp.remove(id);

    const r = await h.cli(['sync', '--full', '--json']);
    expect(r.code).toBe(4);
    const s = summaryOf(r);
    expect(s.status).toBe('halted');
    expect(String(s['safetyReason'])).toMatch(/teacher-training platform, full pull: \d+ listed, 500 before/);
    expect(s.disabled + s.created + s.updated + s.moved).toBe(0);
    expect(accountSnapshot(h.sims)).toEqual(before);
    expect(reportsOf(h, s.runId)).toEqual(['province-summary.eml']);
    const text = await h.cli(['sync', '--full']);
    expect(text.stdout).toMatch(/SOURCE CHECK: .* Nothing was changed/);

    // The operator accepts it: now the disables meet the safety limit, which is the next guard.
    const accepted = summaryOf(await h.cli(['sync', '--full', '--json', '--allow-shrink']));
    expect(accepted.status).toBe('stopped');
    expect(accountSnapshot(h.sims)).toEqual(before);
  });

  it('halts on an empty full pull', async () => {
    const h = await synced();
    for (const t of h.sims.ttp.list()) h.sims.ttp.remove(t.teacherId);
    const s = summaryOf(await h.cli(['sync', '--full', '--json']));
    expect(s.status).toBe('halted');
    expect(String(s['safetyReason'])).toMatch(/the list is empty, 500 were listed before/);
    expect(h.sims.srp.accounts().filter((a) => a.status === 'disabled')).toHaveLength(0);
  });

  it('halts when the registry lacks half of its codes, and reports no code as unknown', async () => {
    const h = await synced();
    const findingsBefore = (await h.cli(['mismatches', 'list', '--json'])).stdout;
    const lines = h.sims.registry.toCsv().trimEnd().split('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'ts-registry-')), 'registry.csv');
    writeFileSync(file, [lines[0], ...lines.slice(1, Math.floor(lines.length / 2))].join('\n'));
    // The simulated registry is small: no grace, so that losing half of it counts.
    const policy = join(mkdtempSync(join(tmpdir(), 'ts-policy-')), 'policy.yaml');
    writeFileSync(policy, `${readFileSync(h.env['TEACHER_SYNC_CONFIG']!, 'utf8')}\nupstream:\n  graceCount: 0\n`);
    const r = await h.cli(['sync', '--json'], { REGISTRY_URL: '', REGISTRY_FILE: file, TEACHER_SYNC_CONFIG: policy });
    expect(r.code).toBe(4);
    const s = summaryOf(r);
    expect(s.status).toBe('halted');
    expect(String(s['safetyReason'])).toMatch(/institution registry: \d+ listed, \d+ before/);
    expect((await h.cli(['mismatches', 'list', '--json'])).stdout).toEqual(findingsBefore);
    const next = summaryOf(await h.cli(['sync', '--json']));
    expect(next.status).toBe('succeeded');
  });
});
