import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTool } from '../support/system-tools.js';

const UNITS = join(import.meta.dirname, '../../deploy/systemd');
const REPO = join(import.meta.dirname, '../..');
const INSTALL_DIR = '/opt/teacher-sync';

/** The units as installed: the daemon, and the worker template under an instance name. */
const CASES = [
  { file: 'teacher-sync-daemon.service', as: 'teacher-sync-daemon.service' },
  { file: 'teacher-sync-worker@.service', as: 'teacher-sync-worker@9465.service' },
] as const;

const dir = mkdtempSync(join(tmpdir(), 'ts-units-'));

/** `systemd-analyze verify` of a unit file; what it says about our units (a host may have noise of its own). */
function verify(file: string): { code: number; said: string[] } {
  const r = runTool('systemd-analyze', ['verify', '--man=no', file]);
  return { code: r.code, said: r.output.split('\n').filter((l) => l.includes('teacher-sync')) };
}

function directives(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (m?.[1] !== undefined) out.set(m[1], [...(out.get(m[1]) ?? []), m[2] ?? '']);
  }
  return out;
}

describe('the systemd units (deploy/systemd)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CASES)('$as passes systemd-analyze verify with nothing to say', ({ file, as }) => {
    // The template is verified as an instance: its %i expands, and the template is found beside it.
    copyFileSync(join(UNITS, file), join(dir, file));
    const r = verify(join(dir, as));
    expect(r.said).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('verification is real: a unit whose program is missing, or with a misspelt setting, is refused', () => {
    const text = readFileSync(join(UNITS, 'teacher-sync-daemon.service'), 'utf8');
    const missing = join(dir, 'teacher-sync-missing.service');
    writeFileSync(missing, text.replaceAll('/usr/bin/node ', '/usr/bin/node-not-here '));
    const r = verify(missing);
    expect(r.code).not.toBe(0);
    expect(r.said.join('\n')).toMatch(/node-not-here.*(not executable|No such file)/);
    const bad = join(dir, 'teacher-sync-bad.service');
    writeFileSync(bad, text.replace('ProtectSystem=strict', 'ProtectSystem=strictly'));
    expect(verify(bad).said.join('\n')).toMatch(/ProtectSystem|protect system/i);
  });

  it.each(CASES)('$file is hardened and reads its secrets from an environment file', ({ file }) => {
    const d = directives(readFileSync(join(UNITS, file), 'utf8'));
    expect(d.get('User')).toEqual(['teacher-sync']);
    expect(d.get('NoNewPrivileges')).toEqual(['yes']);
    expect(d.get('ProtectSystem')).toEqual(['strict']);
    expect(d.get('PrivateTmp')).toEqual(['yes']);
    expect(d.get('ProtectHome')).toEqual(['yes']);
    expect(d.get('CapabilityBoundingSet')).toEqual(['']);
    expect(d.get('EnvironmentFile')).toEqual(['/etc/teacher-sync/env']);
    expect(d.get('StateDirectory')).toEqual(['teacher-sync']);
    expect(d.get('TimeoutStopSec')).toEqual(['30']);
    // What it starts is in the bundle, at the place the install steps unpack it to.
    for (const exec of [...(d.get('ExecStart') ?? []), ...(d.get('ExecStartPre') ?? [])]) {
      const script = exec.split(' ')[1] ?? '';
      expect(script.startsWith(`${INSTALL_DIR}/`), exec).toBe(true);
      expect(existsSync(join(REPO, script.slice(INSTALL_DIR.length + 1))), exec).toBe(true);
    }
  });

  it('the worker template takes its port from the instance; the daemon migrates before it starts', () => {
    const worker = directives(readFileSync(join(UNITS, 'teacher-sync-worker@.service'), 'utf8'));
    expect(worker.get('ExecStart')?.[0]).toMatch(/ worker --http-port %i$/);
    const daemon = directives(readFileSync(join(UNITS, 'teacher-sync-daemon.service'), 'utf8'));
    expect(daemon.get('ExecStartPre')?.[0]).toMatch(/teacher-sync\.js migrate$/);
    expect(daemon.get('ExecStart')?.[0]).toMatch(/teacher-sync\.js daemon$/);
  });
});
