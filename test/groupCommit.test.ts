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
});
