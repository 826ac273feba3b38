/**
 * The ids an export has written, one bit per id: a Set of 100,000 numbers held ~5 MB of the
 * core's heap for the length of an export, growing with the rows; a bit per id up to the
 * largest id seen is an eighth of a byte each. Ids the bits do not cover (not above zero: tickets
 * created here and not sent yet; or beyond MAX_BIT_ID, which would make the bits large) are kept
 * in a plain Set: a few.
 */
const MAX_BIT_ID = 1 << 26 // 8 MB of bits at most

const inBits = (id: number): boolean => Number.isInteger(id) && id > 0 && id < MAX_BIT_ID

export class IdSet {
  private bits = new Uint8Array(0)
  private readonly others = new Set<number>()

  has(id: number): boolean {
    if (!inBits(id)) return this.others.has(id)
    const byte = id >>> 3
    return byte < this.bits.length && (this.bits[byte]! & (1 << (id & 7))) !== 0
  }

  add(id: number): void {
    if (!inBits(id)) {
      this.others.add(id)
      return
    }
    const byte = id >>> 3
    if (byte >= this.bits.length) {
      // Doubling keeps the copies few; the server's ids are dense from 1.
      const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2, 1024))
      grown.set(this.bits)
      this.bits = grown
    }
    this.bits[byte]! |= 1 << (id & 7)
  }
}
