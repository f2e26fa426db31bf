import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError, EXIT, exitCodeOfError } from '../../src/cli/exit-codes.js';
import { ConfigError } from '../../src/config/config.js';
import { abortReasonOf, CodedError, coerceError, errorCodeOf } from '../../src/core/errors.js';
import { failureCodeOf } from '../../src/core/run-failure.js';
import { DatabaseUnreachableError } from '../../src/db/database.js';
import { PlatformError } from '../../src/platforms/errors.js';
import { PushAbortedError, SyncAlreadyRunningError, SyncLockLostError } from '../../src/sync/sync-errors.js';

const ID_NUMBER = '110101199003074514';

function aborted(reason?: unknown): AbortSignal {
  const ac = new AbortController();
  if (reason === undefined) ac.abort();
  else ac.abort(reason);
  return ac.signal;
}

describe('coerceError', () => {
  const error = new Error('boom');
  it('keeps an Error as it is', () => {
    expect(coerceError(error)).toBe(error);
  });

  it.each<[string, unknown, string]>([
    ['a string holding an ID number', `person ${ID_NUMBER} not found`, 'non-error thrown (string)'],
    ['a record', { idNumber: ID_NUMBER, name: '张三' }, 'non-error thrown (object)'],
    ['an array', [ID_NUMBER], 'non-error thrown (array)'],
    ['null', null, 'non-error thrown (null)'],
    ['undefined', undefined, 'non-error thrown (undefined)'],
    ['a number', 42, 'non-error thrown (number)'],
  ])('makes %s a fixed message naming its type only', (_label, thrown, message) => {
    const e = coerceError(thrown);
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe(message);
    expect(errorCodeOf(e)).toBe('NON_ERROR_THROWN');
    expect(e.cause).toBeUndefined();
    expect(JSON.stringify({ message: e.message, stack: e.stack })).not.toContain(ID_NUMBER);
  });

  it.each<[string, AbortSignal, (e: Error) => void]>([
    ['abort() with no reason: the platform AbortError', aborted(), (e) => expect(e.name).toBe('AbortError')],
    ['abort(error): that error', aborted(new SyncLockLostError()), (e) => expect(errorCodeOf(e)).toBe('SYNC_LOCK_LOST')],
    ['abort("shutting down"): no text of it', aborted('shutting down'), (e) => expect(e.message).toBe('non-error thrown (string)')],
  ])('takes an AbortSignal reason: %s', (_label, signal, check) => {
    check(coerceError(signal.reason));
  });
});

describe('abortReasonOf', () => {
  it.each<[string, AbortSignal, string]>([
    ['an Error reason', aborted(new Error('lost')), 'lost'],
    ['the worker\'s words', aborted('shutting down'), 'shutting down'],
    ['a string holding an ID number', aborted(`stop ${ID_NUMBER}`), 'non-error thrown (string)'],
    ['a record', aborted({ idNumber: ID_NUMBER }), 'non-error thrown (object)'],
  ])('%s', (_label, signal, message) => {
    expect(abortReasonOf(signal).message).toBe(message);
  });
});

describe('the error model', () => {
  it.each<[string, Error, string]>([
    ['a platform error', new PlatformError({ code: 'PLATFORM_5XX', platform: 'srp', message: 'x' }), 'PLATFORM_5XX'],
    ['another sync holding the lock', new SyncAlreadyRunningError({ holder: 'h', runId: 1, host: 'h', pid: 1, acquiredAtMs: 0, heartbeatAtMs: 0 }), 'SYNC_ALREADY_RUNNING'],
    ['the database gone', new DatabaseUnreachableError('127.0.0.1:3306', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), 'DATABASE_UNREACHABLE'],
    ['a command error', new CliError('bad'), 'CLI_FAILED'],
    ['a bad configuration', new ConfigError(['x']), 'CONFIG_INVALID'],
  ])('%s is a CodedError with a stable code', (_label, e, code) => {
    expect(e).toBeInstanceOf(CodedError);
    expect(errorCodeOf(e)).toBe(code);
  });

  it('names the database by host and port, never a thrown value\'s text', () => {
    expect(new DatabaseUnreachableError('db.example:3307', { password: 'x' }).message).toBe('the database at db.example:3307 did not answer: non-error thrown (object)');
  });

  it.each<[string, unknown, number]>([
    ['a usage error', new CliError('bad flag', EXIT.usage), 2],
    ['a command error with its default', new CliError('failed'), 1],
    ['a configuration that is not valid', new ConfigError(['PII_KEY: required']), 2],
    ['the help asked for', new CommanderError(0, 'commander.helpDisplayed', ''), 0],
    ['the version asked for', new CommanderError(0, 'commander.version', ''), 0],
    ['an unknown option', new CommanderError(1, 'commander.unknownOption', ''), 2],
    ['another sync running', new SyncAlreadyRunningError({ holder: 'h', runId: null, host: 'h', pid: 1, acquiredAtMs: 0, heartbeatAtMs: 0 }), 1],
    ['the database gone', new DatabaseUnreachableError('127.0.0.1:3306', new Error('x')), 1],
    ['a thrown string', 'oops', 1],
  ])('maps %s to its exit code', (_label, e, code) => {
    expect(exitCodeOfError(e)).toBe(code);
  });
});

describe('the code a failed run is judged by', () => {
  const p5xx = new PlatformError({ code: 'PLATFORM_5XX', platform: 'srp', message: 'x' });
  it.each<[string, unknown, string | null]>([
    ['a platform error a retry could cure', p5xx, 'PLATFORM_5XX'],
    ['bad credentials: no retry cures them', new PlatformError({ code: 'PLATFORM_AUTH', platform: 'srp', message: 'x' }), null],
    ['a push stopped after failed batches: the batches\' error', new PushAbortedError('stopped', { cause: p5xx }), 'PLATFORM_5XX'],
    ['the database gone', new DatabaseUnreachableError('127.0.0.1:3306', new Error('x')), 'DATABASE_UNREACHABLE'],
    ['the sync lock lost', new SyncLockLostError(), 'SYNC_LOCK_LOST'],
    ['an error without a code', new Error('x'), null],
    ['a thrown string', 'PLATFORM_5XX', null],
  ])('%s', (_label, e, code) => {
    expect(failureCodeOf(e)).toBe(code);
  });
});
