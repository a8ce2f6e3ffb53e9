/**
 * Long jobs written as steps: a generator that yields after each piece of work that is whole in itself (one fund,
 * a few agreements, each in its own transaction) and returns what the job returns. `runSteps` does every step at
 * once; `runStepsInSlices` does them a slice of time at a time, so the server answers requests in between. A job
 * whose steps wait for something (a document being drawn) is an async generator, run only in slices.
 */
export type Steps<T> = Generator<void, T, void>;
export type AsyncSteps<T> = AsyncGenerator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** How long a slice of steps may keep the server from answering requests. */
export const SLICE_MS = 20;

export async function runStepsInSlices<T>(steps: Steps<T> | AsyncSteps<T>, sliceMs = SLICE_MS): Promise<T> {
  let sliceStarted = performance.now();
  for (;;) {
    const step = await steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStarted >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
  }
}
