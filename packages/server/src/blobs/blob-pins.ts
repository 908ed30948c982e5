/**
 * Per-process pin counts on content (`BlobStore.put` until `release`): clean-ups in this process skip
 * pinned content, because a concurrent request may have stored the same bytes and be about to attach
 * them. Other processes are covered by the sweep's grace period instead (docs/architecture.md).
 */
export class BlobPins {
  readonly #counts = new Map<string, number>();

  pin(sha256: string): void {
    this.#counts.set(sha256, (this.#counts.get(sha256) ?? 0) + 1);
  }

  release(sha256: string): void {
    const count = (this.#counts.get(sha256) ?? 0) - 1;
    if (count > 0) this.#counts.set(sha256, count);
    else this.#counts.delete(sha256);
  }

  has(sha256: string): boolean {
    return this.#counts.has(sha256);
  }
}
