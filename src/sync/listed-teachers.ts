/**
 * The records one pull listed, kept by their stored number (`seq`) as one bit each: a million
 * records cost 125 kB, so a record listed again unchanged needs no write to be known as seen.
 * Numbers for records first stored by this pull are handed out here, after the highest stored.
 */
export class ListedTeachers {
  private bits: Uint32Array;
  private last: number;

  /** `storedUpTo`: the highest number stored before the pull. */
  constructor(readonly storedUpTo: number) {
    this.last = storedUpTo;
    this.bits = new Uint32Array((storedUpTo >>> 5) + 1);
  }

  /** A number for a record the table does not hold yet. */
  numberNew(): number {
    return ++this.last;
  }

  add(seq: number): void {
    const word = seq >>> 5;
    if (word >= this.bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[word]! |= 1 << (seq & 31);
  }

  has(seq: number): boolean {
    const word = seq >>> 5;
    return word < this.bits.length && (this.bits[word]! & (1 << (seq & 31))) !== 0;
  }

  /**
   * The numbers stored before the pull that it did not list, in chunks of `size`: with a complete
   * full pull, the records no longer listed (and numbers no record carries, which match nothing).
   */
  *unlisted(size = 1000): Generator<number[]> {
    let chunk: number[] = [];
    for (let word = 0; word <= this.storedUpTo >>> 5; word++) {
      if (this.bits[word] === 0xffffffff) continue;
      for (let bit = 0; bit < 32; bit++) {
        const seq = word * 32 + bit;
        if (seq === 0 || seq > this.storedUpTo || this.has(seq)) continue;
        chunk.push(seq);
        if (chunk.length === size) {
          yield chunk;
          chunk = [];
        }
      }
    }
    if (chunk.length > 0) yield chunk;
  }
}
