/*
 * What several benchmarks share: the median of a list of times, and what those that run Cucumber
 * read from its messages, each scenario's milliseconds (the durations of its steps and hooks, so
 * isolation is included and Cucumber's own work between steps is not).
 */

interface Duration {
  seconds: number;
  nanos: number;
}

/** Each scenario's milliseconds in Cucumber's messages (ndjson): the sum of its steps' and hooks' durations. */
export function scenarioTimes(messages: string): number[] {
  const times = new Map<string, number>();
  for (const line of messages.split('\n').filter((l) => l.trim() !== '')) {
    const finished = (JSON.parse(line) as { testStepFinished?: { testCaseStartedId: string; testStepResult: { duration: Duration } } })
      .testStepFinished;
    if (finished === undefined) continue;
    const { seconds, nanos } = finished.testStepResult.duration;
    times.set(finished.testCaseStartedId, (times.get(finished.testCaseStartedId) ?? 0) + seconds * 1000 + nanos / 1e6);
  }
  return [...times.values()];
}

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
