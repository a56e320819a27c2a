/**
 * Columns of facts the seed keeps for every citizen while it generates later domains, stored compactly:
 * at ten million citizens a plain array of strings held well over a gigabyte (each ID a string of its own,
 * each slot a pointer), where these take 8 bytes an ID and 2 bytes a code.
 */

/** Distinct strings numbered from 0 in the order first seen: a number stands for a string. */
export class Interner {
  private readonly strings: string[] = [];
  private readonly indexOf = new Map<string, number>();

  get size(): number {
    return this.strings.length;
  }

  index(value: string): number {
    let index = this.indexOf.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(value);
      this.indexOf.set(value, index);
    }
    return index;
  }

  at(index: number): string {
    return this.strings[index] as string;
  }
}

/** Short codes (a province, a ward: at most 65,536 distinct), two bytes a row. */
export class CodeColumn {
  private readonly codes: string[] = [];
  private readonly indexOf = new Map<string, number>();
  private values = new Uint16Array(1024);
  length = 0;

  push(code: string): void {
    let index = this.indexOf.get(code);
    if (index === undefined) {
      index = this.codes.length;
      if (index > 0xffff) throw new Error('a CodeColumn holds at most 65,536 distinct codes');
      this.codes.push(code);
      this.indexOf.set(code, index);
    }
    if (this.length === this.values.length) {
      const grown = new Uint16Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = index;
    this.length += 1;
  }

  at(i: number): string {
    return this.codes[this.values[i] as number] as string;
  }

  /** The rows of each code, ascending (one counting pass: no array per code to grow). */
  rowsByCode(): Map<string, Int32Array> {
    const counts = new Int32Array(this.codes.length);
    for (let i = 0; i < this.length; i += 1) counts[this.values[i] as number] += 1;
    const rows = new Int32Array(this.length);
    const start = new Int32Array(this.codes.length);
    for (let c = 1; c < this.codes.length; c += 1)
      start[c] = (start[c - 1] as number) + (counts[c - 1] as number);
    const next = start.slice();
    for (let i = 0; i < this.length; i += 1) {
      const c = this.values[i] as number;
      rows[next[c] as number] = i;
      next[c] += 1;
    }
    return new Map(
      this.codes.map((code, c) => [
        code,
        rows.subarray(start[c] as number, (start[c] as number) + (counts[c] as number)),
      ]),
    );
  }
}

/** Personal IDs (12 digits, leading zeros kept), eight bytes a row. */
export class PersonalIdColumn {
  private values = new Float64Array(1024);
  length = 0;

  push(personalId: string): void {
    if (!/^\d{12}$/.test(personalId)) throw new Error(`not a 12-digit personal ID: ${personalId}`);
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = Number(personalId);
    this.length += 1;
  }

  at(i: number): string {
    return String(this.values[i]).padStart(12, '0');
  }
}
