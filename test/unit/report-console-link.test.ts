import { describe, expect, it } from 'vitest';
import type { CountyReport } from '../../src/reports/county-report.js';
import { countyReportMail } from '../../src/reports/report-html.js';

const report: CountyReport = {
  provinceName: '浙江省', countyCode: '330102', countyName: '杭州市上城区', bureauName: null, runId: 7, runStartedAtMs: Date.UTC(2026, 10, 20, 18),
  schools: [{
    countyCode: '330102', platformCountyCode: '330102', kind: 'CODE_MISSING', institutionCode: '', enteredName: '杭州市胜利小学', registryName: null,
    registryCountyCode: null, score: null, method: null, teacherCount: 2, suggestedCode: null, suggestedName: null, detail: '',
  }],
  people: [],
};

describe('the county mail and the console', () => {
  it('links to the county\'s findings in the console when the console has a public address', () => {
    const mail = countyReportMail(report, 50, 'https://console.example.gov.cn/');
    expect(mail.html).toContain('href="https://console.example.gov.cn/findings/330102"');
    expect(mail.text).toContain('https://console.example.gov.cn/findings/330102');
  });

  it('says nothing of a console that has no public address', () => {
    const mail = countyReportMail(report, 50);
    expect(mail.html).not.toContain('/findings/');
    expect(mail.text).not.toContain('控制台');
  });
});
