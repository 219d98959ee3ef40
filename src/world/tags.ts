/**
 * Why a scenario does not run on a backend, from its tags, or undefined when it runs:
 * `@skip-<backend>`, `@only-<backend>` (any of several), `@requires-<capability>`, and
 * `@without-<capability>`, which runs a scenario only where the capability is missing (the clear
 * error a backend gives for what it cannot do).
 */
export function skipReason(tags: readonly string[], backend: string, capabilities: ReadonlySet<string>): string | undefined {
  if (tags.includes(`@skip-${backend}`)) return `Skipped on ${backend}: the scenario is tagged @skip-${backend}.`;
  const only = tags.filter((t) => t.startsWith('@only-')).map((t) => t.slice('@only-'.length));
  if (only.length > 0 && !only.includes(backend)) {
    return `Skipped on ${backend}: the scenario runs only on ${only.join(', ')} (@only-${only.join(', @only-')}).`;
  }
  const missing = tags
    .filter((t) => t.startsWith('@requires-'))
    .map((t) => t.slice('@requires-'.length))
    .filter((c) => !capabilities.has(c));
  if (missing.length > 0) {
    const declared = capabilities.size === 0 ? 'none' : [...capabilities].sort().join(', ');
    return `Skipped on ${backend}: it lacks the capabilit${missing.length === 1 ? 'y' : 'ies'} ${missing.join(', ')} (@requires-${missing.join(', @requires-')}); ${backend} declares: ${declared}.`;
  }
  const present = tags
    .filter((t) => t.startsWith('@without-'))
    .map((t) => t.slice('@without-'.length))
    .filter((c) => capabilities.has(c));
  if (present.length > 0) {
    return `Skipped on ${backend}: the scenario shows what a backend without ${present.join(', ')} does, and ${backend} has ${present.length === 1 ? 'it' : 'them'} (@without-${present.join(', @without-')}).`;
  }
  return undefined;
}

/** A scenario that applies migrations of its own: its store is emptied rather than kept in a transaction, and what they create is dropped. */
export const SCHEMA_CHANGES_TAG = '@schema-changes';
