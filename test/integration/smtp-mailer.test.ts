import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/mail/smtp-mailer.js';
import { MailError, type OutgoingMail } from '../../src/mail/mailer.js';

const MAIL: OutgoingMail = {
  to: ['jyj-330102@example.gov.cn'], cc: [], subject: '测试', html: '<p>测试</p>', text: '测试',
  attachments: [{ filename: '明细.csv', content: Buffer.from('a,b\r\n'), contentType: 'text/csv' }], fileStem: 'x',
};

/** A loopback SMTP server that answers RCPT TO with the given codes in turn, then accepts. */
async function server(answers: number[]): Promise<{ url: string; rcptAttempts: () => number; delivered: () => number; close(): Promise<void> }> {
  let rcpt = 0;
  let delivered = 0;
  const s = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const code = answers[rcpt++];
      if (code === undefined) return callback();
      const err = Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code });
      callback(err);
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        delivered++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const { port } = s.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, rcptAttempts: () => rcpt, delivered: () => delivered, close: () => new Promise<void>((r) => s.close(() => r())) };
}

describe('SMTP mailer', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });
  const mailer = (url: string, retries = 3) => createSmtpMailer({ url, from: 'ts@example.gov.cn', retries, minRetryDelayMs: 5, maxRetryDelayMs: 20, timeoutMs: 2000 });

  it('retries a temporary refusal (4xx) and then delivers', async () => {
    const s = await server([451, 421]);
    open.push(s);
    const m = mailer(s.url);
    const receipt = await m.send(MAIL);
    m.close();
    expect(receipt.messageId).toMatch(/@/);
    expect(s.rcptAttempts()).toBe(3);
    expect(s.delivered()).toBe(1);
  });

  it('does not retry a permanent refusal (5xx)', async () => {
    const s = await server([550, 550, 550]);
    open.push(s);
    const m = mailer(s.url);
    await expect(m.send(MAIL)).rejects.toMatchObject({ code: 'MAIL_REJECTED' });
    m.close();
    expect(s.rcptAttempts()).toBe(1);
  });

  it('gives up after its retries when the server stays away', async () => {
    const s = await server([]);
    await s.close();
    const m = mailer(s.url, 2);
    const err = await m.send(MAIL).catch((e: unknown) => e);
    m.close();
    expect(err).toBeInstanceOf(MailError);
    expect((err as MailError).code).toBe('MAIL_TEMPORARY');
  });

  it('refuses a message with no recipient without calling the server', async () => {
    await expect(mailer('smtp://127.0.0.1:9').send({ ...MAIL, to: [] })).rejects.toMatchObject({ code: 'MAIL_NO_RECIPIENT' });
  });
});
