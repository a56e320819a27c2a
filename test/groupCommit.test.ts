import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../subgraphs/kit/groupCommit.ts';

describe('group commit', () => {
  it('writes concurrent callers together, one write at a time, in order', async () => {
    const writes: number[][] = [];
    let active = 0;
    const append = createGroupCommit<number>(async (items) => {
      active += 1;
      expect(active).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 10));
      writes.push(items);
      active -= 1;
    });
    await Promise.all(Array.from({ length: 50 }, (_, i) => append([i])));
    expect(writes.flat()).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(writes.map((w) => w.length)).toEqual([1, 49]); // the first alone, the rest while it ran
  });

  it('fails every caller of a failed write, and goes on with the next', async () => {
    let calls = 0;
    const append = createGroupCommit<string>(async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (calls === 1) throw new Error('disk full');
    });
    const first = append(['a']);
    const [second, third] = [append(['b']), append(['c'])];
    await expect(first).rejects.toThrow('disk full');
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined]);
    expect(calls).toBe(2);
  });

  it('keeps a write to at most maxItems items', async () => {
    const sizes: number[] = [];
    const append = createGroupCommit<number>(async (items) => {
      sizes.push(items.length);
    }, 3);
    await Promise.all([append([1, 2]), append([3, 4]), append([5]), append([6, 7, 8, 9])]);
    // [1,2] starts at once; [3,4] and [5] fit together; [6..9] is larger than the limit and goes alone.
    expect(sizes).toEqual([2, 3, 4]);
  });

  it('splits a batch one caller’s items failed, so only that caller fails', async () => {
    const writes: number[][] = [];
    const append = createGroupCommit<number>(async (items) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (items.includes(13)) throw new Error('refused row');
      writes.push(items);
    });
    const outcomes = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => append([i])));
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect(outcomes[13]?.status).toBe('rejected');
    expect(writes.flat().sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i).filter((i) => i !== 13),
    );
  });

  it('does not split when the write failed for every caller alike (a lost database)', async () => {
    let calls = 0;
    const append = createGroupCommit<number>(
      async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 2));
        throw Object.assign(new Error('gone'), { code: 'ECONNRESET' });
      },
      2000,
      (error) => (error as { code?: string }).code !== 'ECONNRESET',
    );
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => append([i])));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(calls).toBe(2); // the first alone, then the other 19 together: no halving
  });
});
