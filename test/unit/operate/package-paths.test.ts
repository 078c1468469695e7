import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry, packageRoot, templatesDir } from '../../../src/app/setup/package-paths.js';

describe('package paths (from the module\'s place, without touching the disk)', () => {
  it('find the package root when run from source', () => {
    const root = packageRoot();
    expect(root).toBe(resolve(import.meta.dirname, '..', '..', '..'));
    expect(existsSync(join(root, 'package.json'))).toBe(true);
    expect(existsSync(templatesDir())).toBe(true);
    expect(cliEntry()).toBe(join(root, 'dist', 'cli', 'bin.js'));
  });
});
