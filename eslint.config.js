// @ts-check
/**
 * `npm run lint`: keeps the engine's layering (CONTRIBUTING.md "Layers and ports").
 *
 * - src/core is pure: no Node built-in, no adapter, app, CLI or wiring module, no package that does
 *   I/O, and no clock, randomness, timers or process state (the caller passes `now`, `random` …).
 * - src/app reaches side effects only through its ports (src/ports): it may import the *types* of
 *   adapters and I/O packages, never their values, no Node built-in that does I/O (node:path and
 *   node:url are computation and allowed; node:crypto only for hashing), and it reads no clock,
 *   randomness or timer itself. The ports are built by the wiring module (src/wiring).
 * - src/adapters, src/wiring and src/cli are the edges: anything goes.
 */
import tseslint from 'typescript-eslint';

const IO_PACKAGES = ['simple-git', 'chokidar', 'undici', '@hono/node-server', 'playwright-core'];
const NODE_BARE = ['fs', 'fs/*', 'child_process', 'os', 'http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'readline', 'timers', 'timers/*', 'worker_threads', 'cluster', 'process', 'v8', 'vm'];

const clockAndChance = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Read the time through the injected clock (`deps.now()` / ports.clock).' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read the time through the injected clock (`deps.now()` / ports.clock).' },
  { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Use the injected randomness (ports.random).' },
  { selector: "MemberExpression[object.name='performance'][property.name='now']", message: 'Read the time through the injected clock.' },
];
const globalsWithEffects = (where) =>
  ['process', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'fetch', 'require'].map((name) => ({
    name,
    message: `${where} reaches ${name} only through its ports (src/ports), built by the wiring module (src/wiring).`,
  }));

export default tseslint.config(
  { ignores: ['dist/**', '.bench-build/**', 'node_modules/**', '.cache/**', 'web/static/**'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2024, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { 'no-control-regex': 'error' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', ...NODE_BARE], message: 'src/core is pure: no Node built-in. Take what you need as a parameter.' },
            { group: ['**/adapters/**', '**/app/**', '**/cli/**', '**/wiring/**'], message: 'src/core imports only src/core (and pure packages).' },
            { group: IO_PACKAGES, message: 'src/core is pure: no package that does I/O.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...clockAndChance],
      'no-restricted-globals': ['error', ...globalsWithEffects('src/core')],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'node:crypto', importNames: ['randomBytes', 'randomUUID', 'randomInt', 'getRandomValues', 'webcrypto'], message: 'Use ports.random.' }],
          patterns: [
            { group: ['node:*', '!node:path', '!node:url', '!node:crypto', ...NODE_BARE], allowTypeImports: true, message: 'src/app does I/O only through its ports (src/ports).' },
            { group: ['**/adapters/**', ...IO_PACKAGES], allowTypeImports: true, message: 'src/app uses adapters only through its ports: import the type, get the value from the wiring module (src/wiring).' },
            { group: ['**/cli/**', '**/wiring/**'], message: 'src/app is below the CLI and the wiring module.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...clockAndChance],
      'no-restricted-globals': ['error', ...globalsWithEffects('src/app')],
    },
  },
);
