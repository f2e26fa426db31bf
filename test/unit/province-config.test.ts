import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { problemsOf } from '../support/config-problems.js';
import { loadBaseConfig } from '../../src/config/config.js';

const dir = mkdtempSync(join(tmpdir(), 'ts-province-'));
let n = 0;
const write = (text: string) => {
  const file = join(dir, `f${++n}.yaml`);
  writeFileSync(file, text);
  return file;
};

/** The shipped policy with another province. */
const policyFor = (code: string | number) => {
  const doc = parseDocument(readFileSync('config/default.yaml', 'utf8'));
  doc.setIn(['province', 'code'], code);
  return write(doc.toString());
};

describe('the province of the policy', () => {
  it('is Zhejiang in the shipped policy, with its bureaus', () => {
    const cfg = loadBaseConfig({ TEACHER_SYNC_CONFIG: 'config/default.yaml' });
    expect(cfg.policy.province.code).toBe('33');
    expect(cfg.reports.bureaus.province?.name).toBe('浙江省教育厅教师工作处');
    expect(Object.keys(cfg.reports.bureaus.counties).every((c) => c.startsWith('33'))).toBe(true);
  });

  it('picks the section of another province from the shipped bureaus file', () => {
    const cfg = loadBaseConfig({ TEACHER_SYNC_CONFIG: policyFor('32') });
    expect(cfg.policy.province.code).toBe('32');
    expect(cfg.reports.bureaus.province?.name).toBe('江苏省教育厅教师工作处');
    expect(cfg.reports.bureaus.counties['320583']?.name).toBe('昆山市教育局');
    expect(Object.keys({ ...cfg.reports.bureaus.cities, ...cfg.reports.bureaus.counties }).every((c) => c.startsWith('32'))).toBe(true);
    expect(loadBaseConfig({ TEACHER_SYNC_CONFIG: policyFor(32) }).policy.province.code).toBe('32');
  });

  it('is required, and must be a province of the division history', () => {
    const missing = problemsOf(() => loadBaseConfig({ TEACHER_SYNC_CONFIG: write('sync:\n  pageSize: 10\n') }));
    expect(missing.join('\n')).toMatch(/^province in .*: code required: the two-digit code of the province/m);
    expect(problemsOf(() => loadBaseConfig({ TEACHER_SYNC_CONFIG: policyFor('3') })).join('\n')).toMatch(/province\.code in .*: two digits/);
    const unknown = problemsOf(() => loadBaseConfig({ TEACHER_SYNC_CONFIG: policyFor('99') })).join('\n');
    expect(unknown).toMatch(/no province has code 99 in data\/areacodes\/areacodes-history\.csv; one of .*32 江苏省.*44 广东省/);
  });

  it('refuses rollout areas of another province, naming the wave entry', () => {
    const file = write("province:\n  code: '32'\nrollout:\n  waves:\n    - name: 第一批\n      goLive: '2026-12-01T06:00:00+08:00'\n      areas: ['320100', '330100']\n");
    const problems = problemsOf(() => loadBaseConfig({ TEACHER_SYNC_CONFIG: file }));
    expect(problems).toEqual([`rollout.waves.0.areas.1 in ${file}: 330100 is a division of province 33, not of the configured province 32 (province.code)`]);
  });

  it('refuses bureaus of another province, in either form of the bureaus file', () => {
    const jiangsu = policyFor('32');
    const topLevel = write("cities:\n  '320100': { to: [a@example.gov.cn] }\n  '330100': { to: [b@example.gov.cn] }\n");
    expect(problemsOf(() => loadBaseConfig({ TEACHER_SYNC_CONFIG: jiangsu, BUREAUS_FILE: topLevel })).join('\n'))
      .toMatch(/cities\.330100 in .*: a division of province 33, not of the configured province 32 .*provinces\.'33'/);
    const misplaced = write("provinces:\n  '32':\n    counties:\n      '330102': { to: [a@example.gov.cn] }\n");
    expect(problemsOf(() => loadBaseConfig({ TEACHER_SYNC_CONFIG: jiangsu, BUREAUS_FILE: misplaced })).join('\n'))
      .toMatch(/provinces\.32\.counties\.330102 in .*: 330102 is a division of province 33, not of 32/);
    const absent = write("provinces:\n  '33':\n    counties:\n      '330102': { to: [a@example.gov.cn] }\n");
    expect(problemsOf(() => loadBaseConfig({ TEACHER_SYNC_CONFIG: jiangsu, BUREAUS_FILE: absent })).join('\n'))
      .toMatch(/provinces in .*: lists 33 but not the configured province 32/);
    const both = write("province: { to: [a@example.gov.cn] }\nprovinces:\n  '32': {}\n");
    expect(problemsOf(() => loadBaseConfig({ TEACHER_SYNC_CONFIG: jiangsu, BUREAUS_FILE: both })).join('\n')).toMatch(/either at the top .* or under provinces/);
  });
});
