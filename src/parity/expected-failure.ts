import type { GherkinDocument, Pickle, Scenario, Tag } from '@cucumber/messages';

/**
 * An `@xfail-<backend>` tag on a scenario: a known gap on that backend, with the reason written
 * beside it. A mixed profile's column has its own (`@xfail-postgres+dynamodb`): whether a backend's
 * gap shows there depends on the aliases the scenario uses, which the matrix does not know.
 */
export interface ExpectedFailure {
  /** The backend the scenario is expected to fail on. */
  readonly backend: string;
  /** The text of the `# xfail-<backend>: <reason>` comment, or undefined when it is missing. */
  readonly reason: string | undefined;
  /** The line of the tag in the feature file. */
  readonly line: number;
}

// A backend's name, or a mixed profile's (`@xfail-postgres+dynamodb`: a gap of that column only).
const xfailTag = /^@xfail-([a-z][a-z0-9-]*(?:\+[a-z][a-z0-9-]*)*)$/;
const reasonComment = /^\s*#\s*xfail-([a-z][a-z0-9-]*(?:\+[a-z][a-z0-9-]*)*)\s*:(.*)$/;

/**
 * The `@xfail-<backend>` tags of a scenario (or Scenario Outline example), each with its reason:
 * a comment line `# xfail-<backend>: <reason>` in the block of comment and tag lines directly
 * above the tag (no blank line in between), wherever the tag sits (feature, rule, scenario, examples).
 */
export function expectedFailures(document: GherkinDocument, pickle: Pickle): ExpectedFailure[] {
  const tagsById = new Map<string, Tag>();
  const tagLines = new Set<number>();
  collectTags(document, (tag) => {
    tagsById.set(tag.id, tag);
    tagLines.add(tag.location.line);
  });
  const comments = new Map(document.comments.map((c) => [c.location.line, c.text] as const));
  const found: ExpectedFailure[] = [];
  for (const pickleTag of pickle.tags) {
    const backend = xfailTag.exec(pickleTag.name)?.[1];
    if (backend === undefined) continue;
    const line = tagsById.get(pickleTag.astNodeId)?.location.line ?? 0;
    let reason: string | undefined;
    for (let above = line - 1; above > 0 && (tagLines.has(above) || comments.has(above)); above--) {
      const match = reasonComment.exec(comments.get(above) ?? '');
      if (match?.[1] === backend && match[2]!.trim() !== '') {
        reason = match[2]!.trim();
        break;
      }
    }
    if (!found.some((f) => f.backend === backend)) found.push({ backend, reason, line });
  }
  return found;
}

function collectTags(document: GherkinDocument, visit: (tag: Tag) => void): void {
  const feature = document.feature;
  if (feature === undefined) return;
  feature.tags.forEach(visit);
  const scenario = (s: Scenario | undefined): void => {
    s?.tags.forEach(visit);
    for (const examples of s?.examples ?? []) examples.tags.forEach(visit);
  };
  for (const child of feature.children) {
    scenario(child.scenario);
    child.rule?.tags.forEach(visit);
    for (const ruleChild of child.rule?.children ?? []) scenario(ruleChild.scenario);
  }
}
