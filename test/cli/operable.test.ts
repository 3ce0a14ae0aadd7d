/**
 * The CLI as an operator meets it, as real processes (`npm run -s cli -- …`): --help lists every
 * command, no command is help and exit 2, --env-file is read (the environment wins), a DATA_DIR
 * with no store is warned about and not created, and a reader that goes away (`| head -1`) is no
 * error.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { staffCommands } from '../../src/cli/staff-commands.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'shenbao-cli-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** No setting of the parent leaks in; `env` is the whole configuration. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(TELEGRAM_|LARK_|PORT$|DATA_DIR$|REDIS_URL$|GUIDE_FILE$)/.test(k)) base[k] = v;
  return { ...base, NO_COLOR: '1', ...env };
}

/** `npm run -s cli -- …args` in the checkout (npm runs it there, whatever the caller's directory). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return shell(['npm', '--prefix', REPO, 'run', '-s', 'cli', '--', ...args].map(quote).join(' '), env);
}

/** The launcher started in `cwd`, as a unit or a cron job does (`node /opt/shenbao/scripts/run.mjs cli …`). */
function cliIn(cwd: string, args: string[]): Promise<Run> {
  return shell([process.execPath, join(REPO, 'scripts', 'run.mjs'), 'cli', ...args].map(quote).join(' '), {}, cwd);
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

function shell(command: string, env: Record<string, string> = {}, cwd = dir): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('cli help', () => {
  it('--help lists every command, one line each', { timeout: 60_000 }, async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const named = (command: string) => lines.filter((l) => new RegExp(`^  ${command}( |$)`).test(l));
    const top = ['check', 'deadlines', 'evidence', 'ask', ...Object.keys(staffCommands).filter((c) => c !== 'roster' && c !== 'guide')];
    for (const command of top) expect(named(command), command).toHaveLength(1);
    for (const sub of ['check', 'diff', 'impact']) expect(named(`guide ${sub}`), `guide ${sub}`).toHaveLength(1);
    for (const sub of ['import', 'list', 'export', 'revoke']) expect(named(`roster ${sub}`), `roster ${sub}`).toHaveLength(1);
    for (const option of ['--json', '--guide', '--env-file']) expect(r.stdout).toContain(option);
    // Each command line says what it does (Chinese words after the syntax).
    for (const line of lines.filter((l) => /^ {2}[a-z]/.test(l))) expect(line, line).toMatch(/\s{2,}\S*[\u4e00-\u9fff]/);
  });

  it('no command: the help on stderr, exit 2', { timeout: 60_000 }, async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('缺少命令');
    expect(r.stderr).toContain('  staff-link');
  });

  it('an unknown command points to --help', { timeout: 60_000 }, async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/frobnicate.*--help/);
  });
});

describe('cli settings and DATA_DIR', () => {
  const data = join(dir, 'bot-data');
  const roster = join(dir, 'roster.csv');
  const envFile = join(dir, 'shenbao.env');

  it('--env-file is read (the environment wins over it); a missing file is one line, exit 2', { timeout: 120_000 }, async () => {
    writeFileSync(roster, `name,evaluationGrade\n${Array.from({ length: 2500 }, (_, i) => `江苏省运维测试${i}号学会,B`).join('\n')}\n`);
    writeFileSync(envFile, `# as /etc/shenbao/shenbao.env\nDATA_DIR=${data}\nLOG_LEVEL=warn\n`);
    const imported = await cli(['--env-file', envFile, 'roster', 'import', roster, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout).imported).toBeGreaterThan(2000);
    expect(existsSync(join(data, 'shenbao.sqlite'))).toBe(true);

    const stats = await cli(['stats', '--json', `--env-file=${envFile}`]);
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stderr).not.toContain('DATA_DIR');
    expect(JSON.stringify(JSON.parse(stats.stdout))).toMatch(/\d{4}/);

    // DATA_DIR in the environment wins over the file: that one has no store.
    const other = join(dir, 'elsewhere');
    const overridden = await cli(['--env-file', envFile, 'roster', 'list', '--json'], { DATA_DIR: other });
    expect(overridden.code).toBe(0);
    expect(JSON.parse(overridden.stdout)).toEqual([]);
    expect(overridden.stderr).toContain(other);

    const missing = await cli(['--env-file', join(dir, 'no-such.env'), 'stats']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('no-such.env');
  });

  it('a DATA_DIR with no store: a warning on stderr, and a read-only command creates nothing', { timeout: 120_000 }, async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    for (const args of [['stats'], ['roster', 'list'], ['audit'], ['roster', 'export', '--out', join(cwd, 'x.csv')]]) {
      const r = await cliIn(cwd, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toContain('DATA_DIR');
      expect(r.stderr).toContain(join(cwd, 'data'));
      expect(r.stderr).toContain('--env-file');
      expect(existsSync(join(cwd, 'data')), args.join(' ')).toBe(false);
    }
  });

  it('`roster list | head -1`: one line, no EPIPE error', { timeout: 120_000 }, async () => {
    const r = await shell(`npm --prefix ${quote(REPO)} run -s cli -- roster list | head -1; echo "status=\${PIPESTATUS[0]}" >&2`, { DATA_DIR: data });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toContain('江苏省运维测试');
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(r.stderr).toContain('status=0');
  });
});
