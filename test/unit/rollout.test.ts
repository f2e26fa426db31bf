import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSyncConfig } from '../../src/config/config.js';
import { RolloutPlan, rolloutProblems, rolloutStatus } from '../../src/core/rollout.js';
import { rolloutPlanOf } from '../../src/sync/rollout.js';
import { problemsOf } from '../support/config-problems.js';

const T0 = Date.UTC(2026, 11, 1);
const plan = new RolloutPlan([
  { name: 'first', goLiveMs: T0, areas: ['330100', '330900'] },
  { name: 'second', goLiveMs: T0 + 30 * 86_400_000, areas: ['331000', '330102'] },
  { name: 'last', goLiveMs: T0 + 60 * 86_400_000, areas: ['330000'] },
]);

describe('rollout waves', () => {
  it('is live everywhere when no wave is configured', () => {
    const none = new RolloutPlan([]);
    expect(none.enabled).toBe(false);
    expect(none.isLive('330106', 0)).toBe(true);
    expect(none.isLive(null, 0)).toBe(true);
  });

  it('covers a city by its code, and a county named on its own by its own wave', () => {
    expect(plan.waveOf('330106')?.name).toBe('first');
    expect(plan.waveOf('330922')?.name).toBe('first');
    expect(plan.waveOf('330102')?.name).toBe('second');
    expect(plan.waveOf('331082')?.name).toBe('second');
    expect(plan.waveOf('330000')?.name).toBe('last');
  });

  it('never reads the province code as every county of the province', () => {
    expect(plan.waveOf('330283')).toBeNull();
    expect(plan.isLive('330283', T0 + 365 * 86_400_000)).toBe(false);
  });

  it('goes live at the go-live instant and not a millisecond before', () => {
    expect(plan.isLive('330106', T0 - 1)).toBe(false);
    expect(plan.isLive('330106', T0)).toBe(true);
    expect(plan.isLive('330102', T0)).toBe(false);
    expect(plan.isLive(null, T0)).toBe(false);
  });

  it('names an area listed twice and a wave name used twice', () => {
    expect(rolloutProblems([
      { name: 'a', goLiveMs: 0, areas: ['330100'] },
      { name: 'a', goLiveMs: 1, areas: ['330100', '330200'] },
    ])).toEqual(['wave name "a" is used twice', 'area 330100 is in wave "a" and in wave "a"']);
  });

  it('sorts counties into their waves with their teachers, uncovered ones last', () => {
    const status = rolloutStatus(plan, [
      { countyCode: '330106', teachers: 10, withAccount: 10 },
      { countyCode: '330102', teachers: 4, withAccount: 0 },
      { countyCode: '330283', teachers: 7, withAccount: 0 },
      { countyCode: null, teachers: 1, withAccount: 0 },
    ], T0);
    expect(status.map((w) => [w.name, w.live, w.teachers])).toEqual([['first', true, 10], ['second', false, 4], ['last', false, 0], [null, false, 8]]);
    expect(status[0]!.counties).toEqual([{ countyCode: '330106', teachers: 10, withAccount: 10, live: true }]);
  });

  it('reads waves from the policy file, and refuses a bad go-live or a county in two waves', () => {
    const env = {
      TTP_BASE_URL: 'http://127.0.0.1:1', TTP_CLIENT_ID: 'a', TTP_CLIENT_SECRET: 'b', REGISTRY_URL: 'http://127.0.0.1:2',
      SRP_BASE_URL: 'http://127.0.0.1:3', SRP_CLIENT_ID: 'c', SRP_CLIENT_SECRET: 'd', PII_KEY: '0123456789abcdef',
    };
    const file = (yaml: string) => {
      const path = join(mkdtempSync(join(tmpdir(), 'ts-waves-')), 'policy.yaml');
      writeFileSync(path, yaml);
      return path;
    };
    const ok = loadSyncConfig({ ...env, TEACHER_SYNC_CONFIG: file("province:\n  code: '33'\nrollout:\n  waves:\n    - name: 第一批\n      goLive: '2026-12-01T06:00:00+08:00'\n      areas: ['330100']\n") });
    expect(rolloutPlanOf(ok.policy).waveOf('330106')).toEqual({ name: '第一批', goLiveMs: Date.parse('2026-11-30T22:00:00Z'), areas: ['330100'] });
    const bad = problemsOf(() => loadSyncConfig({
      ...env,
      TEACHER_SYNC_CONFIG: file("province:\n  code: '33'\nrollout:\n  waves:\n    - name: a\n      goLive: '2026-12-01 06:00'\n      areas: ['330100']\n    - name: b\n      goLive: '2026-12-01T06:00:00Z'\n      areas: ['330100', '440100']\n"),
    })).join('\n');
    expect(bad).toMatch(/goLive.*RFC 3339/);
    expect(bad).toMatch(/440100|division code of Zhejiang/);
    const twice = problemsOf(() => loadSyncConfig({
      ...env,
      TEACHER_SYNC_CONFIG: file("province:\n  code: '33'\nrollout:\n  waves:\n    - name: a\n      goLive: '2026-12-01T06:00:00+08:00'\n      areas: ['330100']\n    - name: b\n      goLive: '2026-12-01T06:00:00Z'\n      areas: ['330100']\n"),
    })).join('\n');
    expect(twice).toMatch(/area 330100 is in wave "a" and in wave "b"/);
  });
});
