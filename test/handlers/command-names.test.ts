/** The list of user commands (handlers/command-names.ts) and the cases of onCommand are the same. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_WORDS, USER_COMMANDS } from '../../handlers/command-names.js';

const source = readFileSync(new URL('../../handlers/commands.ts', import.meta.url), 'utf8');
const cases = [...source.matchAll(/^\s*case '([a-z]+)':/gm)].map((m) => m[1]);

describe('USER_COMMANDS', () => {
  it('lists exactly the commands onCommand handles', () => {
    expect([...USER_COMMANDS].sort()).toEqual([...cases].sort());
  });

  it('maps each command word to a listed command', () => {
    for (const command of Object.values(COMMAND_WORDS)) expect(USER_COMMANDS).toContain(command);
  });
});
