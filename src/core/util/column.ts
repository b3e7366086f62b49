/** Typed arrays a {@link Column} can hold. */
export type ColumnArray = Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * A growable typed column with amortised doubling: one number per row, without an object per row, so that
 * per-building summaries of a million buildings stay a few compact arrays.
 */
export class Column<T extends ColumnArray> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (size: number) => T,
    /** Capacity of the first allocation (rows). */
    private readonly minimumCapacity = 64,
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(Math.max(this.minimumCapacity, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  /** Bytes allocated (capacity, not length). */
  get byteLength(): number {
    return this.data.byteLength;
  }
  /** Drops every row and the storage (capacity 0), e.g. once the rows have been used up. */
  release(): void {
    this.data = this.make(0);
    this.length = 0;
  }
}
