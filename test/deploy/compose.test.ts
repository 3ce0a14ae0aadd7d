// deploy/compose.yaml cannot be run here (no Docker daemon): check what the README promises of it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const compose = parse(readFileSync(new URL('../../deploy/compose.yaml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    { command?: string[]; environment?: Record<string, string>; ports?: string[]; depends_on?: Record<string, unknown>; build?: { context: string } }
  >;
};

describe('deploy/compose.yaml', () => {
  it('runs Redis with AOF, noeviction and a password', () => {
    const command = compose.services['redis']!.command!.join(' ');
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(command).toMatch(/--requirepass \$\{REDIS_PASSWORD/);
  });

  it('runs two bot instances on two loopback ports, both on that Redis once it is healthy', () => {
    const bots = Object.entries(compose.services).filter(([name]) => name.startsWith('bot-'));
    expect(bots).toHaveLength(2);
    const ports = bots.map(([, s]) => s.ports![0]);
    expect(new Set(ports).size).toBe(2);
    for (const [, s] of bots) {
      expect(s.environment!['REDIS_URL']).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD[^}]*\}@redis:6379\/0$/);
      expect(s.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
      expect(s.build!.context).toBe('..');
    }
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:8080$/);
  });
});
