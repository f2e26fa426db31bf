import { describe, expect, it } from 'vitest';
import { checkUpstreamShrink } from '../../src/core/upstream-sanity.js';

const policy = { minShare: 0.9, graceCount: 20 };
const check = (before: number, now: number) => checkUpstreamShrink({ what: 'teachers', before, now }, policy);

describe('the source check', () => {
  it('believes the first pull, a list that grew, and one that shrank a little', () => {
    expect(check(0, 0)).toEqual({ ok: true });
    expect(check(1000, 1200)).toEqual({ ok: true });
    expect(check(1000, 900)).toEqual({ ok: true });
  });

  it('stops on an empty list whatever the grace', () => {
    expect(check(5, 0)).toEqual({ ok: false, reason: 'teachers: the list is empty, 5 were listed before' });
  });

  it('stops past the share, and says by how much', () => {
    expect(check(1000, 899)).toEqual({ ok: false, reason: 'teachers: 899 listed, 1000 before (10.1% fewer, more than the 10.0% allowed)' });
    expect(check(200_000, 120_000)).toMatchObject({ ok: false });
  });

  it('never stops a small deployment for losing no more than the grace', () => {
    expect(check(30, 10)).toEqual({ ok: true });
    expect(check(30, 9)).toMatchObject({ ok: false });
  });
});
