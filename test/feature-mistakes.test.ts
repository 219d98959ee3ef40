import { expect } from 'chai';
import { runCucumber } from './cucumber-fixture';

interface ScenarioResult {
  /** The text of each pickle step that ran, with its status and message. */
  steps: { text: string; status: string; message: string }[];
  /** The text of the scenario's last step. */
  last: string;
}

/** Runs a fixture feature through the real Cucumber CLI on the inmemory backend; each scenario's step results, by name. */
function runFixture(feature: string): { status: number | null; scenarios: Map<string, ScenarioResult> } {
  const run = runCucumber([feature]);
  const scenarios = new Map<string, ScenarioResult>();
  for (const { testStepFinished: finished } of run.envelopes) {
    if (!finished) continue;
    const { pickle, testCase } = run.started(finished.testCaseStartedId)!;
    const pickleStepId = testCase.testSteps.find((s) => s.id === finished.testStepId)?.pickleStepId;
    if (pickleStepId === undefined) continue; // a hook
    if (!scenarios.has(pickle.name)) scenarios.set(pickle.name, { steps: [], last: pickle.steps.at(-1)?.text ?? '' });
    scenarios.get(pickle.name)!.steps.push({
      text: pickle.steps.find((s) => s.id === pickleStepId)?.text ?? '',
      status: finished.testStepResult.status,
      message: finished.testStepResult.message ?? '',
    });
  }
  return { status: run.status, scenarios };
}

const FIELDS = 'Its fields are: id, email, name, age, score, active, tags, createdAt, updatedAt.';
const ERRORS =
  'They are: ParityError, ValidationError, DuplicateKeyError, NotFoundError, ReferenceIntegrityError, QueryError, ModelDefinitionError, DatabaseLayoutError, TenantError, UndeclaredDatabaseError, MigrationError, SchemaDriftError, BackendError.';
const MARKERS = 'Markers: <null> (null), <empty> (the empty string), <"text"> (exact text, written as a JSON string)';

/** Each scenario of the fixture, and what the message of its last step, the one that fails, must say. */
const expected: [scenario: string, ...fragments: string[]][] = [
  ['A misspelt field in an exists-with table', 'names "emial" (did you mean "email"?), which User does not have', FIELDS],
  ['A misspelt field in a seeding vertical table', 'names "nmae" (did you mean "name"?)', FIELDS],
  ['A misspelt column in a seeding horizontal table', 'header names "naem" (did you mean "name"?)', FIELDS],
  ['A misspelt column in a results table', 'header names "emali" (did you mean "email"?)', FIELDS],
  ['A misspelt field in a stored-data table', 'names "agee" (did you mean "age"?)', FIELDS],
  ['An error name without the Error suffix', '"DuplicateKey" is not an error class of the ORM (did you mean "DuplicateKeyError"?)', ERRORS],
  ['A misspelt error name', '"DuplicateKeyErorr" is not an error class of the ORM (did you mean "DuplicateKeyError"?)', ERRORS],
  ['An error name that is no class at all', '"Timeout" is not an error class of the ORM.', ERRORS],
  [
    'A misspelt column in the violations table',
    'The violations table has the column "feild" (did you mean "field"?)',
    'Its columns are: field, rule, value, message',
  ],
  ['A misspelt null marker', 'User score: The cell <nul> is not a marker (did you mean <null>?)', MARKERS, 'write <"<nul>">'],
  ['A misspelt empty marker', 'The cell <emtpy> is not a marker (did you mean <empty>?)', MARKERS],
  ['An expectation marker in data to write', 'The marker <any> only states an expectation', MARKERS],
  ['A day that February does not have, as the frozen time', '"2024-02-30T10:00:00Z" is not a real datetime: February 2024 has 29 days'],
  ['Hour 24, as the frozen time', '"2024-01-01T24:00:00Z" is not a real datetime: hour 24 does not exist'],
  [
    'The 29th of February in a year that is not a leap year, in a cell',
    'Product releasedAt: "2023-02-29" is not a real datetime: February 2023 has 28 days, so day 29 does not exist',
  ],
  ['Month 13, in a query', 'month 13 does not exist: months run from 01 to 12'],
  ['Minute 60, in an expectation', 'minute 60 does not exist: minutes run from 00 to 59'],
  [
    'A misspelt refusal reason',
    '"missing" is not a reason a ReferenceIntegrityError gives (did you mean "missing-parent"?). The reasons are: missing-parent, restricted.',
  ],
  ['The next page after the last one', 'There is no next User page: page 1 was the last'],
  ['A page asserted before any page was taken', 'No page has been taken in this scenario'],
  [
    'A record compared exactly, with a field left out of the table',
    'it also holds { updatedAt: ',
    'which the table does not list (write <any> for any value)',
  ],
  ['A page whose rows are not the ones stated', 'Expected page 1 of User on inmemory to be:\n  { id: "bob" }\nbut got:\n  { id: "alice" }'],
  [
    'A refusal with another reason than the one stated',
    'Expected a ReferenceIntegrityError with the reason restricted, got ReferenceIntegrityError with the reason missing-parent',
  ],
  [
    'A violation whose value is not the one stated',
    'Expected the violations\n  field=age rule=ge value=-2\nbut got\n  field=age rule=ge value=-1',
  ],
  [
    'A misspelt row in a query table',
    'The query row "oder by" is not a lookup of User nor one of the other rows (did you mean "order by"?)',
  ],
  ['A misspelt field in a create that must succeed', 'The User table names "agge" (did you mean "age"?)', FIELDS],
  ['A Given expected to fail that succeeds', 'Expected seed 1 User on inmemory to fail with DuplicateKeyError, but it succeeded'],
];

describe('mistakes in feature files name the mistake and the valid choices (real Cucumber run on inmemory)', function () {
  this.timeout(120_000);
  let result: ReturnType<typeof runFixture>;
  before(() => {
    result = runFixture('test/fixtures/features/mistakes.feature');
  });

  it('fails the run, and every scenario of the fixture is checked here', () => {
    expect(result.status).to.equal(1);
    expect([...result.scenarios.keys()].sort()).to.deep.equal(expected.map(([name]) => name).sort());
  });

  for (const [name, ...fragments] of expected) {
    it(name, () => {
      const scenario = result.scenarios.get(name);
      expect(scenario, name).to.not.equal(undefined);
      const failed = scenario!.steps.filter((s) => s.status !== 'PASSED');
      expect(
        failed.map((s) => [s.text, s.status]),
        'only the last step fails',
      ).to.deep.equal([[scenario!.last, 'FAILED']]);
      for (const fragment of fragments) expect(failed[0]!.message).to.include(fragment);
    });
  }
});
