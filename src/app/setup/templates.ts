import { join } from 'node:path';
import { PACKAGE_NAME, VERSION } from '../../core/package-info.js';
import type { Files } from '../../ports/index.js';
import { templatesDir } from './package-paths.js';

/**
 * The team template shipped in the package (`templates/team/`): what `ois init` writes into a new
 * team repository, placeholders filled, never over a file that exists.
 */

/** Every file of the team template, as repository-relative paths with `/` separators. */
export async function templateFiles(files: Files): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const name of (await files.list(dir)) ?? []) {
      const info = await files.stat(join(dir, name), { follow: true });
      if (info?.kind === 'directory') await walk(join(dir, name), `${prefix}${name}/`);
      else if (info?.kind === 'file') found.push(`${prefix}${name}`);
    }
  };
  await walk(templatesDir(), '');
  return found.sort();
}

/** The text of one template file with `{{team}}`, `{{oisPackage}}` and `{{oisVersion}}` filled in. */
export async function renderTemplate(files: Files, path: string, team: string): Promise<string> {
  const text = await files.readText(join(templatesDir(), path));
  return fill(text, team);
}

/** Pure: the placeholders of the team template replaced. */
export function fill(text: string, team: string): string {
  return text.replaceAll('{{team}}', team).replaceAll('{{oisPackage}}', PACKAGE_NAME).replaceAll('{{oisVersion}}', VERSION);
}

/**
 * Template files stored under another name, because npm leaves a `.gitignore` out of every package it
 * packs: `gitignore` in the package is the team repository's `.gitignore`.
 */
const STORED_AS: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

/** @example repositoryPath('gitignore') // '.gitignore' */
export function repositoryPath(templatePath: string): string {
  return STORED_AS[templatePath] ?? templatePath;
}

/**
 * Writes the template files that do not exist yet into `top`; never overwrites. Returns what it wrote
 * (repository paths). Running it twice writes nothing the second time.
 */
export async function writeTemplates(files: Files, top: string, team: string): Promise<string[]> {
  const written: string[] = [];
  for (const path of await templateFiles(files)) {
    const destination = repositoryPath(path);
    const target = join(top, destination);
    if (await files.exists(target)) continue;
    await files.writeAtomic(target, await renderTemplate(files, path, team));
    written.push(destination);
  }
  return written;
}
