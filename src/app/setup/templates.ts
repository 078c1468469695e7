import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { exists, writeAtomic } from '../../adapters/files.js';
import { PACKAGE_NAME, VERSION } from '../../core/package-info.js';
import { templatesDir } from './package-paths.js';

/** Every file of the team template, as repository-relative paths with `/` separators. */
export async function templateFiles(): Promise<string[]> {
  const root = templatesDir();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** The text of one template file with `{{team}}`, `{{oisPackage}}` and `{{oisVersion}}` filled in. */
export async function renderTemplate(path: string, team: string): Promise<string> {
  const text = await readFile(join(templatesDir(), path), 'utf8');
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
export async function writeTemplates(top: string, team: string): Promise<string[]> {
  const written: string[] = [];
  for (const path of await templateFiles()) {
    const destination = repositoryPath(path);
    const target = join(top, destination);
    if (await exists(target)) continue;
    await writeAtomic(target, await renderTemplate(path, team));
    written.push(destination);
  }
  return written;
}
