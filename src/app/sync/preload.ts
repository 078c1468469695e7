/**
 * The sync's modules that one-shot commands load only when a step needs them (the push gate with the
 * chat parser and the linter, the queue's integration, the work-tree merge): `ois say` stays quick.
 * A watcher loads them once it is idle after its first cycle, so that the first contended push of its
 * life (a burst after an `@all` question: a dozen watchers at once) does not also pay for loading
 * them, all on the same cores. Never throws.
 */
export async function preloadSyncModules(): Promise<void> {
  await Promise.all([
    import('./push-gate.js'),
    import('./gate.js'),
    import('./integrate.js'),
    import('./worktree.js'),
    import('./commit-chat.js'),
    import('../../core/chatlog/merge-onto.js'),
  ]).catch(() => undefined);
}
