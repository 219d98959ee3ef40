/*
 * `import 'parity-orm/cucumber'` in one support file defines Parity's steps, its parameter types
 * ({model}, {error}) and its hooks (the backend started once per run or worker, each scenario
 * isolated). It installs no World: the steps work with Cucumber's own World or any of yours (see
 * ParityWorld in parity-orm/testing for one with `this.dsl`). It sets Cucumber's default step
 * timeout to 30 s, since engine calls have limits of their own; call setDefaultTimeout after this
 * import to choose another.
 */
import '../world';
import '../../features/step_definitions/arrange.steps';
import '../../features/step_definitions/databases.steps';
import '../../features/step_definitions/factories.steps';
import '../../features/step_definitions/migrations.steps';
import '../../features/step_definitions/outcome.steps';
import '../../features/step_definitions/read.steps';
import '../../features/step_definitions/references.steps';
import '../../features/step_definitions/soft-deletes.steps';
import '../../features/step_definitions/storage.steps';
import '../../features/step_definitions/write.steps';
