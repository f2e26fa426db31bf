import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  /** PEM file of the CA certificate, for PLATFORM_CA_FILE. */
  caFile: string;
  caPem: string;
  /** Issues a server certificate for the given subjectAltName, e.g. `IP:127.0.0.1,DNS:localhost`. */
  issue(altNames: string): { key: string; cert: string };
  /** Removes the CA's folder, keys included. */
  dispose(): void;
}

/** Fails with a clear message where the machine has no openssl command. */
export function requireOpenssl(): void {
  const r = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`the TLS tests make their certificates with the openssl command, which did not run: ${r.error?.message ?? r.stderr}`);
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A throwaway CA (EC P-256, two days) in a temp dir of its own. */
export function makeTestCa(name: string): TestCa {
  requireOpenssl();
  const dir = mkdtempSync(join(tmpdir(), 'ts-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', `/CN=${name}`], dir);
  let n = 0;
  return {
    caFile: join(dir, 'ca.pem'),
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    issue(altNames) {
      const stem = `server-${++n}`;
      writeFileSync(join(dir, `${stem}.ext`), [
        `subjectAltName=${altNames}`, 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', '',
      ].join('\n'));
      openssl(['req', ...ec, '-keyout', `${stem}.key`, '-out', `${stem}.csr`, '-subj', '/CN=teacher-sync test server'], dir);
      openssl([
        'x509', '-req', '-in', `${stem}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', `0x${randomBytes(8).toString('hex')}`,
        '-days', '2', '-extfile', `${stem}.ext`, '-out', `${stem}.pem`,
      ], dir);
      return { key: readFileSync(join(dir, `${stem}.key`), 'utf8'), cert: readFileSync(join(dir, `${stem}.pem`), 'utf8') };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
