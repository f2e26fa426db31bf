import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import { MailError, type Mailer, nodemailerMessage } from './mailer.js';

/**
 * Without an SMTP server, each message is kept as an .eml file (exactly what would have been
 * sent, built by nodemailer) with its attachments beside it as plain files, under `dir`.
 */
export function createFileMailer(opts: { dir: string; from: string }): Mailer {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const root = resolve(opts.dir);
  const inside = (stem: string, ext: string) => {
    const path = resolve(root, `${stem}${ext}`);
    // A stem is built from codes, but a path must never leave the report folder.
    if (relative(root, path).startsWith('..')) throw new MailError('MAIL_WRITE_FAILED', `file name ${stem} leaves the report folder`);
    return path;
  };
  return {
    channel: 'file',
    async send(mail) {
      const info = await composer.sendMail(nodemailerMessage(opts.from, mail));
      const eml = inside(mail.fileStem, '.eml');
      const files = [eml];
      try {
        await mkdir(dirname(eml), { recursive: true });
        await writeFile(eml, info.message as Buffer);
        for (const a of mail.attachments) {
          const path = inside(mail.fileStem, extname(a.filename));
          await writeFile(path, a.content);
          files.push(path);
        }
      } catch (e) {
        throw new MailError('MAIL_WRITE_FAILED', `could not write ${join(opts.dir, mail.fileStem)}: ${(e as Error).message}`, { cause: e });
      }
      return { messageId: typeof info.messageId === 'string' ? info.messageId : null, files };
    },
    close() {
      composer.close();
    },
  };
}
