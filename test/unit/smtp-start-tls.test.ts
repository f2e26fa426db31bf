import { describe, expect, it } from 'vitest';
import { requiresStartTls } from '../../src/mail/smtp-mailer.js';

describe('requiresStartTls', () => {
  it.each([
    ['a password to a remote server', 'smtp://reports:secret@mail.example.gov.cn:587', true],
    ['a user alone to a remote server', 'smtp://reports@10.1.2.3', true],
    ['no credentials', 'smtp://mail.example.gov.cn:25', false],
    ['smtps (TLS from the start)', 'smtps://reports:secret@mail.example.gov.cn:465', false],
    ['a local relay by address', 'smtp://reports:secret@127.0.0.1:2525', false],
    ['a local relay by name', 'smtp://reports:secret@localhost:25', false],
    ['a local relay over IPv6', 'smtp://reports:secret@[::1]:25', false],
  ])('%s: %s', (_label, url, expected) => {
    expect(requiresStartTls(url)).toBe(expected);
  });
});
