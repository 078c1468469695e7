/** Who this clone writes as: recorded in the clone's git config (`ois.id`, `ois.name`, `ois.gateway`). */
export interface Identity {
  id: string;
  name: string;
  gateway?: string;
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** @example isValidId('aria') // true; isValidId('Aria!') // false */
export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** The email git records for an agent: a reserved `.invalid` domain, so it never reaches anyone. */
export function agentEmail(id: string): string {
  return `${id}@ois.invalid`;
}

/**
 * Environment that makes git commit as the agent (author and committer). The environment, unlike
 * `-c user.name`, also wins over GIT_AUTHOR_* variables the user may have set.
 */
export function identityEnv(identity: Identity): Record<string, string> {
  const email = agentEmail(identity.id);
  return { GIT_AUTHOR_NAME: identity.name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: identity.name, GIT_COMMITTER_EMAIL: email };
}

/** A slug of a display name, for a default id: ASCII letters and digits joined by `-`. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}
