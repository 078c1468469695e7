import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { parseRegistry } from '../../../src/core/registry/parse.js';
import { generatedCorpus } from '../../fixtures/registry-corpus/generated.js';
it('d', () => {
  const dir = join(import.meta.dirname, '../../fixtures/registry-corpus');
  const all = [...readdirSync(dir).filter((n) => n.endsWith('.md')).map((n) => [n, readFileSync(join(dir, n), 'utf8')]), ...generatedCorpus().map((c) => [c.name, new TextDecoder().decode(c.bytes)])];
  for (const [n, t] of all) { if (t!.length > 300000) continue; const a = parseRegistry(t!), b = parseRegistry(t!, { fastFields: false }); if (!isDeepStrictEqual(a, b)) { console.log('DIFF', n, JSON.stringify(t!.slice(0, 200))); console.log(JSON.stringify(a.sections.map(s=>s.fields.map(f=>[f.key,f.value,f.position]))).slice(0,600)); console.log(JSON.stringify(b.sections.map(s=>s.fields.map(f=>[f.key,f.value,f.position]))).slice(0,600)); } }
});
