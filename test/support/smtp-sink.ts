import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  rcptTo: string[];
  /** The message exactly as the server received it. */
  raw: Buffer;
  mail: ParsedMail;
}

export interface SmtpSink {
  /** `smtp://[user:password@]127.0.0.1:PORT`. */
  url: string;
  received: CapturedMail[];
  /** Successful logins, by user name. */
  logins: string[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps every message. With `auth`, it accepts mail only after
 * a login with that user and password (AUTH PLAIN or LOGIN, no TLS: loopback only).
 */
export async function startSmtpSink(opts: { auth?: { user: string; password: string } } = {}): Promise<SmtpSink> {
  const received: CapturedMail[] = [];
  const logins: string[] = [];
  const auth = opts.auth;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(login, _session, callback) {
      if (auth && login.username === auth.user && login.password === auth.password) {
        logins.push(login.username ?? '');
        return callback(null, { user: login.username });
      }
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), raw, mail });
            callback();
          })
          .catch((e: unknown) => callback(e as Error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  const credentials = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@` : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    received,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
