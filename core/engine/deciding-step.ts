// The deciding-step rule, in one place: of a decision's steps, the one that decided is the first failing step, else
// the last (granting) one. Lists, badges, "who can see" groups and copied answers all show this step first.

/** The step that decided: the first failing one, else the last; undefined only for no steps. */
export function decidingStep<T extends { ok: boolean }>(steps: readonly T[]): T | undefined {
  return steps.find((s) => !s.ok) ?? steps[steps.length - 1];
}
