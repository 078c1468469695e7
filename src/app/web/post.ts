import { join } from 'node:path';
import { OisError } from '../../core/errors.js';
import type { Identity } from '../../core/identity.js';
import { filterChanges, formatBytes } from '../../core/sync/filter.js';
import { safeFileName, uniqueName } from '../../core/web/file-name.js';
import type { Files } from '../../ports/index.js';
import type { Repo } from '../clone/repo.js';
import { say, type SayDeps } from '../chat/say.js';

/** A file the person attached in the composer. */
export interface Attachment {
  name: string;
  bytes: Uint8Array;
}

export interface PostInput {
  /** The clone, with the ports the post goes through (`repo.ports`). */
  repo: Repo;
  human: Identity;
  body: string;
  attachments: readonly Attachment[];
}

export interface Posted {
  file: string;
  id: string;
  at: string;
  /** Repository paths of the saved attachments. */
  attachments: string[];
}

/** At most this many files per entry. */
export const MAX_ATTACHMENTS = 10;

/**
 * Posts an entry as the person: attachments are saved under `shared/attachments/YYYY-MM-DD/` (safe
 * names, never over an existing file, never through a symbolic link, within the team's size limit
 * and commit filter) and linked at the end of the body; then the entry is appended through
 * `ois say`'s code (`say()`, without its sync: the caller asks the clone's watcher for the cycle).
 * Throws USAGE for an empty post, too many or refused attachments.
 */
export async function postAsHuman(input: PostInput, deps: SayDeps): Promise<Posted> {
  const { repo, attachments } = input;
  const { files } = repo.ports;
  if (input.body.trim() === '' && attachments.length === 0) throw new OisError('USAGE', 'the message is empty', { hint: 'Write something, or attach a file.' });
  if (attachments.length > MAX_ATTACHMENTS) throw new OisError('USAGE', `at most ${MAX_ATTACHMENTS} files per message`);
  const day = deps.now().toISOString().slice(0, 10);
  const folder = `shared/attachments/${day}`;
  const dir = join(repo.top, ...folder.split('/'));
  const planned = attachments.map((file) => ({ file, name: checkAttachment(repo, file, folder) }));
  const saved: string[] = [];
  // The names are chosen first (the entry links them), the files written under chat.lock with the
  // entry (say's `prepare`), so that no commit takes them without it.
  const taken = new Set<string>();
  for (const item of planned) {
    item.name = await freeName(files, dir, item.name, taken);
    taken.add(item.name);
  }
  const prepare = async (): Promise<void> => {
    if (planned.length === 0) return;
    await refuseLinks(files, repo.top, folder);
    await files.mkdir(dir);
    for (const item of planned) {
      if (!(await files.writeNewFile(join(dir, item.name), item.file.bytes))) {
        await Promise.all(saved.map((path) => files.remove(join(repo.top, ...path.split('/')))));
        throw new OisError('USAGE', `a file named ${item.name} appeared in ${folder} meanwhile; nothing was posted`, { hint: 'Send the message again.' });
      }
      saved.push(`${folder}/${item.name}`);
    }
  };
  const links = planned.map(({ name }) => `- 📎 [${name}](<${folder}/${name}>)`).join('\n');
  const body = [input.body.trim(), links].filter((part) => part !== '').join('\n\n');
  const result = await say({ cwd: repo.top, ports: repo.ports, message: body, sync: false, author: input.human, prepare }, deps);
  return { file: result.file, id: result.id, at: result.at, attachments: saved };
}

/** The safe name of an attachment, or USAGE when the commit step would leave it out anyway. */
function checkAttachment(repo: Repo, file: Attachment, folder: string): string {
  const name = safeFileName(file.name);
  const rules = { maxFileBytes: repo.config.limits.maxFileBytes, ignore: repo.config.ignore };
  // The name as sent, too: `.env` must not slip through as `env`.
  for (const candidate of new Set([`${folder}/${file.name.split(/[/\\]/).pop() ?? ''}`, `${folder}/${name}`])) {
    const { excluded } = filterChanges([{ path: candidate, size: file.bytes.length, deleted: false }], rules);
    const why = excluded[0];
    if (why) throw new OisError('USAGE', `${name} cannot be attached: ${why.detail}`, { data: { reason: why.reason } });
  }
  if (file.bytes.length === 0) throw new OisError('USAGE', `${name} is empty`);
  if (file.bytes.length > rules.maxFileBytes) throw new OisError('USAGE', `${name} is over ${formatBytes(rules.maxFileBytes)}`);
  return name;
}

/** Refuses a `shared/…` folder path any existing component of which is a symbolic link (ois writes only inside the clone). */
async function refuseLinks(files: Files, top: string, folder: string): Promise<void> {
  let at = top;
  for (const segment of folder.split('/')) {
    at = join(at, segment);
    const info = await files.stat(at).catch(() => undefined);
    if (info !== undefined && info.kind !== 'directory') {
      throw new OisError('RECOVERY_REFUSED', `${folder} is not a plain folder inside the clone (a symbolic link or a file is in the way)`, {
        hint: 'Replace it with a real folder.',
      });
    }
  }
}

/** `name`, or the first `name-N` that neither `taken` nor the folder has. */
async function freeName(files: Files, dir: string, name: string, taken: ReadonlySet<string>): Promise<string> {
  const existing = new Set<string>(taken);
  for (let n = 0; n < 1000; n += 1) {
    const candidate = uniqueName(name, (c) => existing.has(c));
    if ((await files.stat(join(dir, candidate)).catch(() => undefined)) === undefined) return candidate;
    existing.add(candidate);
  }
  throw new OisError('USAGE', `too many files named ${name} today`);
}
