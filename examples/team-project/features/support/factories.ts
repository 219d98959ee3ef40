// One factory per model: `Given 3 Projects exist`, and the defaults behind `Given a Task exists with:`.
import { defineFactory, parent, registerFactories } from 'parity-orm/testing';
import { Project, Task } from '../../src/models';

export const ProjectFactory = defineFactory(Project, {
  defaults: ({ sequence }) => ({ slug: `project-${sequence}`, name: `Project ${sequence}` }),
  states: { archived: { archived: true } },
});

export const TaskFactory = defineFactory(Task, {
  defaults: ({ sequence, faker }) => ({
    id: 1000 + sequence,
    projectSlug: parent(),
    title: `${faker.hacker.verb()} the ${faker.hacker.noun()} (${sequence})`,
  }),
  states: { done: { status: 'done' }, doing: { status: 'doing' } },
});

registerFactories(ProjectFactory, TaskFactory);
