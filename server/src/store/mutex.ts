/** A first-come, first-served lock for async work in one process. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  /** Runs `work` once every earlier holder has finished. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
