import type { Command } from 'commander';
import { setupOpenClaw, type OpenClawSetupInput, type OpenClawSetupResult } from '../../app/openclaw/setup.js';
import { oisConfigDir } from '../../app/secrets/config-dir.js';
import { createTokenStore } from '../../app/secrets/tokens.js';
import { EXIT, OisError } from '../../core/errors.js';
import { describeWakeProbe } from '../../core/openclaw/probe.js';
import { SKILL_NAME } from '../../core/openclaw/skill.js';
import { parseWakeMode } from '../../core/registry/fields.js';
import type { CliIO } from '../io.js';
import { portsOf } from '../../wiring/ports.js';

interface SetupOptions {
  stateDir?: string;
  dryRun?: boolean;
  wake?: string;
  openclaw?: string;
  newHooksToken?: boolean;
}

/**
 * `ois openclaw setup`: the ois skill for this machine's agent, and its Gateway prepared to be woken
 * (docs/openclaw.md). Exit 0 done; 1 a step could not be done (the skill belongs to another clone, a
 * deny rule, the skill is not visible to the model); 3 OpenClaw missing or too old (the manual steps
 * are printed).
 */
export function registerOpenClaw(program: Command, io: CliIO): void {
  const group = program.command('openclaw').description("this machine's OpenClaw: the ois skill and the Gateway's wake settings (see docs/openclaw.md)");
  group
    .command('setup')
    .description("install the ois skill for this clone's agent and prepare its Gateway to be woken (through `openclaw config`)")
    .option('--state-dir <dir>', "OpenClaw's state dir (default: OPENCLAW_STATE_DIR, else ~/.openclaw; remembered for this clone)")
    .option('--dry-run', 'change nothing: print the skill and the config patch (validated by `openclaw config patch --dry-run`)')
    .option('--wake <mode>', "hooks or invoke (default: your Wake field in AGENTS.md, else hooks)")
    .option('--openclaw <path>', 'the openclaw executable, or its openclaw.mjs (default: $OIS_OPENCLAW, else openclaw on PATH)')
    .option('--new-hooks-token', 'replace the hooks token even if the current one works (teammates then need the new one)')
    .addHelpText(
      'after',
      '\nChanges go through `openclaw skills install` and `openclaw config patch`, never by editing openclaw.json.\n' +
        'A new hooks token is printed once, here, for you to hand to your teammates; ois keeps it for your own\n' +
        'catch-up wakes. Exit 0 done; 1 a step could not be done; 3 OpenClaw missing or too old (manual steps printed).',
    )
    .action(async (options: SetupOptions) => {
      const wake = options.wake === undefined ? undefined : parseWakeMode(options.wake);
      if (options.wake !== undefined && wake === undefined) throw new OisError('USAGE', '--wake is hooks or invoke');
      const input: OpenClawSetupInput = { cwd: io.cwd, dryRun: options.dryRun === true, newHooksToken: options.newHooksToken === true };
      if (options.stateDir !== undefined) input.stateDir = options.stateDir;
      if (options.openclaw !== undefined) input.openclaw = options.openclaw;
      if (wake !== undefined) input.wake = wake;
      const code = await runSetup(io, input);
      if (code !== EXIT.ok) io.setExitCode(code);
    });
}

/**
 * Runs the setup and prints it; returns the exit code. Also used by `ois join` at its end.
 *
 * @example const code = await runSetup(io, { cwd: top, dryRun: false })
 */
export async function runSetup(io: CliIO, input: OpenClawSetupInput): Promise<number> {
  const ports = portsOf(io);
  const client = ports.gatewayClient({ connectTimeoutMs: 2_000, timeoutMs: 5_000 });
  try {
    const result = await setupOpenClaw(input, {
      ports,
      tokens: createTokenStore(oisConfigDir(ports.system), ports),
      client,
      newToken: () => Buffer.from(ports.random.bytes(32)).toString('hex'),
    });
    return report(io, result, input.dryRun);
  } finally {
    await client.close();
  }
}

function report(io: CliIO, result: OpenClawSetupResult, dryRun: boolean): number {
  const from = result.modeSource === 'flag' ? '--wake' : result.modeSource === 'AGENTS.md' ? 'your Wake field in AGENTS.md' : 'the default for new members';
  io.out(`OpenClaw setup for ${result.id} (${result.top}), wake mode ${result.mode} (${from})${dryRun ? '; dry run: nothing is changed' : ''}`);
  if (result.missing) {
    io.err(`ois: ${result.missing.reason}`);
    io.err('  What to do:');
    result.missing.steps.forEach((step, i) => io.err(`  ${i + 1}. ${step}`));
    if (dryRun) printSkill(io, result.skill.text);
    return EXIT.setup;
  }
  const oc = result.openclaw;
  if (oc) io.out(`openclaw   ${oc.version}: ${oc.display}${oc.configFile ? `, config ${oc.configFile}` : ''}${oc.stateDir ? ` (state dir ${oc.stateDir})` : ''}`);
  let code: number = EXIT.ok;
  const skill = result.skill;
  if (skill.action === 'refused') {
    io.err(`ois: skill not installed: ${skill.refusal ?? ''}${skill.path ? ` (${skill.path})` : ''}`);
    code = EXIT.failure;
  } else {
    const where = skill.path ? ` ${skill.path}` : '';
    const words = { installed: 'installed', updated: 'updated', 'up-to-date': 'up to date', 'would-install': 'would be installed', 'would-update': 'would be updated', skipped: 'skipped' } as const;
    const visible = skill.info ? (skill.info.eligible && skill.info.modelVisible ? ' (eligible, visible to the model)' : '') : '';
    io.out(`skill      ${SKILL_NAME} ${words[skill.action]}${where}${visible}`);
    if (skill.info && !(skill.info.eligible && skill.info.modelVisible)) {
      const missing = skill.info.missing.length > 0 ? `missing ${skill.info.missing.join('; ')}` : skill.info.disabled ? 'disabled in skills.entries' : 'not visible to the model';
      io.err(`ois: OpenClaw does not show the ois skill to the model: ${missing}.`);
      io.err('  `ois` must be on the PATH of the Gateway process (install it with `npm install -g`, or start the Gateway with that PATH), then run `openclaw skills info ois`.');
      code = EXIT.failure;
    }
  }
  if (dryRun && skill.action !== 'up-to-date') printSkill(io, skill.text);
  const config = result.config;
  for (const note of config.notes) io.out(`config     ${config.action === 'would-apply' ? 'would: ' : ''}${note}${config.action === 'applied' && config.restartHint ? `. ${config.restartHint}` : ''}`);
  for (const blocker of config.blockers) io.err(`ois: config not changed: ${blocker}`);
  if (config.blockers.length > 0) code = EXIT.failure;
  if (dryRun && config.patch) io.out(`config     patch (validated by \`openclaw config patch --dry-run\`): ${JSON.stringify(config.patch)}`);
  if (result.gateway) {
    const gw = result.gateway;
    if (gw.probe) io.out(`gateway    ${describeWakeProbe(gw.url, result.mode, gw.probe)}${gw.probe.verdict === 'unreachable' ? ': start it (`openclaw gateway run`); the changes apply when it starts' : ''}`);
    else if (gw.note) io.out(`gateway    ${gw.url}: ${gw.note}`);
  } else if (!dryRun) {
    io.out('gateway    no Gateway URL for this clone: set it with `git config ois.gateway http://127.0.0.1:18789` (your catch-up wakes need it)');
  }
  if (result.hooksToken !== undefined) {
    io.out('');
    io.out('Your new hooks token, shown once (ois keeps it for your own catch-up wakes). Hand it to each teammate');
    io.out('over a private channel; each of them stores it with:');
    io.out(`  printf %s '${result.hooksToken}' | ois token set ${result.id} --hooks`);
  }
  return code;
}

function printSkill(io: CliIO, text: string): void {
  io.out('---- skills/ois/SKILL.md ----');
  io.out(text.trimEnd());
  io.out('---- end of SKILL.md ----');
}
