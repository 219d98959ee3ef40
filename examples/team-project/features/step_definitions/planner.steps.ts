// The planner's own step, written with Parity's DSL (this.dsl) and the factories.
import { Given } from '@cucumber/cucumber';
import { Project } from '../../src/models';
import { TaskFactory } from '../support/factories';
import type { PlannerWorld } from '../support/parity';

Given('the project {string} has {int} task(s)', async function (this: PlannerWorld, slug: string, count: number) {
  await this.dsl.createAndVerify(Project, { slug, name: `The ${slug} project` });
  await TaskFactory.createMany(count, { projectSlug: slug });
  this.lastProject = slug;
});
