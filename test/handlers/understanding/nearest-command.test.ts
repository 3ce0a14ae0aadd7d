import { describe, expect, it } from 'vitest';
import { nearestCommand } from '../../../handlers/understanding/nearest-command.js';

describe('nearestCommand', () => {
  it.each([
    ['/chek', 'check'],
    ['/dedlines', 'deadlines'],
    ['/profle', 'profile'],
    ['/checklst', 'checklist'],
    ['/hlep', 'help'],
    ['/evidance', 'evidence'],
    ['/calender', 'calendar'],
    ['/exprot', 'export'],
    ['/strat', 'start'],
    ['/remnd on', 'remind'],
    ['\\check', 'check'],
    ['、check', 'check'],
    ['／ｃｈｅｋ', 'check'],
    ['checklist', 'checklist'],
    ['帮助', 'help'],
    ['/chek@shenbao_bot', 'check'],
  ])('%s → /%s', (text, command) => {
    expect(nearestCommand(text)?.command).toBe(command);
  });

  it('keeps what follows the command word', () => {
    expect(nearestCommand('/chek all')).toEqual({ command: 'check', distance: 1, args: 'all' });
    expect(nearestCommand('/dedlines 标准制定')).toMatchObject({ command: 'deadlines', args: '标准制定' });
  });

  it('guesses nothing when nothing is near, when two are as near, or for a staff command', () => {
    for (const text of ['/xyz', '/re', 'hello', 'constructor', '/__proto__', '你好', '标准制定什么时候截止', '', '/'])
      expect(nearestCommand(text), text).toBeUndefined();
    expect(nearestCommand('/stat'), 'start or stats').toBeUndefined();
    expect(nearestCommand('/stats'), 'a staff command is not offered').toBeUndefined();
  });
});
