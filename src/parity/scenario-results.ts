import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Duration, type Envelope, type Hook, HookType, TestStepResultStatus } from '@cucumber/messages';
import { Query } from '@cucumber/query';
import { expectedFailures, type ExpectedFailure } from './expected-failure';

/** What a scenario did on one backend, as Cucumber reported it. */
export type RunStatus = 'passed' | 'failed' | 'skipped';

/** Which scenario (or Scenario Outline example) a result or a matrix row is about. */
export interface ScenarioIdentity {
  /** Identifies the scenario across backends: `<feature file>:<line>` (the example row's line for an outline). */
  readonly key: string;
  readonly uri: string;
  readonly line: number;
  readonly feature: string;
  /** The Rule the scenario sits in, if any. */
  readonly rule: string | undefined;
  /** The scenario's name as written (placeholders kept for an outline), which the Cucumber report can search for. */
  readonly scenario: string;
  /** The name Cucumber ran (placeholders filled in). */
  readonly name: string;
  /** For an outline example: "Examples: <name> — row 2: | a | b |". */
  readonly example: string | undefined;
  readonly tags: readonly string[];
}

/** One scenario (or Scenario Outline example) as run on one backend. */
export interface ScenarioResult extends ScenarioIdentity {
  readonly status: RunStatus;
  readonly durationMs: number;
  /** The step (or hook) that did not pass, for a failed scenario. */
  readonly failedStep: string | undefined;
  /** The failure's message, for a failed scenario. */
  readonly error: string | undefined;
  /** What the hooks logged when they skipped the scenario. */
  readonly skipReason: string | undefined;
  /** The scenario's `@xfail-<backend>` tags, for every backend. */
  readonly expectedFailures: readonly ExpectedFailure[];
  /** The Cucumber HTML report the scenario ran in, relative to the reports folder. */
  readonly report: string;
}

/** A backend's results, read from the messages one Cucumber run (or shard) wrote. */
export interface BackendResults {
  /** The Cucumber HTML report of the run, relative to the reports folder. */
  readonly report: string;
  /** The run's `output.log` (the child's own output) relative to the reports folder, when there is one. */
  readonly log?: string | undefined;
  readonly scenarios: ScenarioResult[];
  /** Failures outside any scenario: a BeforeAll/AfterAll hook, an error ending the run. */
  readonly runErrors: string[];
  readonly durationMs: number;
}

const failing = new Set<string>([
  TestStepResultStatus.FAILED,
  TestStepResultStatus.UNDEFINED,
  TestStepResultStatus.AMBIGUOUS,
  TestStepResultStatus.PENDING,
  TestStepResultStatus.UNKNOWN,
]);

/** A messages file that is not what Cucumber writes: names the file and line. */
export class ReportFileError extends Error {
  override readonly name = 'ReportFileError';
}

/**
 * Reads a Cucumber `messages.ndjson` file into one result per scenario that ran (or was skipped).
 * Throws a ReportFileError naming the file and line when a line is not a Cucumber message (only an
 * unfinished last line, left by a run killed mid-write, is skipped).
 */
export function readScenarioResults(file: string, report: string): BackendResults {
  const text = readFileSync(file, 'utf8');
  const query = new Query();
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(line) as Envelope; // plain JSON: parseEnvelope's class conversion is 50 times slower
      if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) throw new Error('not a JSON object');
    } catch (error) {
      if (index === lines.length - 1) continue; // the unfinished last line of a run killed mid-write
      throw new ReportFileError(
        `${path.relative(process.cwd(), file) || file}:${index + 1} is not a Cucumber message (${(error as Error).message}): ` +
          `${JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line)}. The file is damaged (two runs writing it at once?): ` +
          'run that backend again.',
        { cause: error },
      );
    }
    try {
      query.update(envelope);
    } catch (error) {
      throw new ReportFileError(
        `${path.relative(process.cwd(), file) || file}:${index + 1} is a message Cucumber's query cannot take (${(error as Error).message}). ` +
          'The file is damaged (two runs writing it at once?): run that backend again.',
        { cause: error },
      );
    }
  }
  const scenarios: ScenarioResult[] = [];
  for (const started of query.findAllTestCaseStarted()) {
    const pickle = query.findPickleBy(started);
    const lineage = pickle && query.findLineageBy(pickle);
    if (pickle === undefined || lineage?.gherkinDocument === undefined) continue;
    const worst = query.findMostSevereTestStepResultBy(started);
    const finished = query.findTestCaseFinishedBy(started) !== undefined;
    const status: RunStatus =
      !finished || worst === undefined || failing.has(worst.status)
        ? 'failed'
        : worst.status === TestStepResultStatus.SKIPPED
          ? 'skipped'
          : 'passed';
    let failedStep: string | undefined;
    let error: string | undefined;
    const logs: string[] = [];
    for (const [stepFinished, testStep] of query.findTestStepFinishedAndTestStepBy(started)) {
      const result = stepFinished.testStepResult;
      if (status === 'failed' && failedStep === undefined && failing.has(result.status)) {
        const pickleStep = query.findPickleStepBy(testStep);
        const step = pickleStep && query.findStepBy(pickleStep);
        failedStep = pickleStep ? `${step?.keyword ?? ''}${pickleStep.text}`.trim() : hookName(query.findHookBy(testStep));
        error = result.exception?.message ?? result.message ?? describeStatus(result.status);
      }
      for (const attachment of query.findAttachmentsBy(stepFinished)) {
        if (attachment.mediaType.startsWith('text/') && attachment.contentEncoding === 'IDENTITY') logs.push(attachment.body);
      }
    }
    if (status === 'failed' && failedStep === undefined) {
      failedStep = 'The scenario did not finish';
      error = 'Cucumber stopped before the scenario finished (the run was interrupted or a worker crashed).';
    }
    const line = pickle.location?.line ?? lineage.example?.location.line ?? lineage.scenario?.location.line ?? 0;
    const example =
      lineage.example && lineage.examples
        ? `${lineage.examples.keyword}${lineage.examples.name ? `: ${lineage.examples.name}` : ''} — row ${(lineage.exampleIndex ?? 0) + 1}: | ${lineage.example.cells
            .map((c) => c.value)
            .join(' | ')} |`
        : undefined;
    scenarios.push({
      key: `${pickle.uri}:${line}`,
      uri: pickle.uri,
      line,
      feature: lineage.feature?.name ?? pickle.uri,
      rule: lineage.rule?.name,
      scenario: lineage.scenario?.name ?? pickle.name,
      name: pickle.name,
      example,
      tags: pickle.tags.map((t) => t.name),
      status,
      durationMs: millis(query.findTestCaseDurationBy(started)),
      failedStep,
      error,
      skipReason: status === 'skipped' ? logs.join('\n') || 'Skipped (no reason was logged).' : undefined,
      expectedFailures: expectedFailures(lineage.gherkinDocument, pickle),
      report,
    });
  }
  const runErrors: string[] = [];
  for (const hookFinished of query.findAllTestRunHookFinished()) {
    const result = hookFinished.result;
    if (!failing.has(result.status)) continue;
    const started = query.findTestRunHookStartedBy(hookFinished);
    runErrors.push(
      `${hookName(started && query.findHookBy(started))} failed: ${result.exception?.message ?? result.message ?? result.status}`,
    );
  }
  const runFinished = query.findTestRunFinished();
  if (runFinished?.exception !== undefined) runErrors.push(runFinished.exception.message ?? runFinished.exception.type);
  else if (runFinished?.message !== undefined && runErrors.length === 0) runErrors.push(runFinished.message);
  return { report, scenarios, runErrors, durationMs: millis(query.findTestRunDuration()) };
}

/** "BeforeAll hook", "After hook", or the hook's own name. */
function hookName(hook: Hook | undefined): string {
  const kind: Record<string, string> = {
    [HookType.BEFORE_TEST_RUN]: 'BeforeAll',
    [HookType.AFTER_TEST_RUN]: 'AfterAll',
    [HookType.BEFORE_TEST_CASE]: 'Before',
    [HookType.AFTER_TEST_CASE]: 'After',
    [HookType.BEFORE_TEST_STEP]: 'BeforeStep',
    [HookType.AFTER_TEST_STEP]: 'AfterStep',
  };
  const type = `${(hook?.type && kind[hook.type]) ?? 'A'} hook`;
  return hook?.name ? `${type} "${hook.name}"` : type;
}

function millis(duration: Duration | undefined): number {
  return duration === undefined ? 0 : duration.seconds * 1000 + duration.nanos / 1e6;
}

function describeStatus(status: string): string {
  switch (status) {
    case TestStepResultStatus.UNDEFINED:
      return 'The step is undefined: no step definition matches its text.';
    case TestStepResultStatus.AMBIGUOUS:
      return 'The step is ambiguous: several step definitions match its text.';
    case TestStepResultStatus.PENDING:
      return 'The step is pending.';
    default:
      return `The step ended with status ${status}.`;
  }
}
