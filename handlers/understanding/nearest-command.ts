/**
 * The command a mistyped or slash-less command means: "/chek" → check, "/dedlines" → deadlines,
 * "/hlep" → help, "\check" or "、check" (a Chinese keyboard's slash) → check, "帮助" → help.
 * Edit distance by fastest-levenshtein over the user commands (handlers/command-names.ts), with
 * two swapped neighbours counted as one edit. After a slash, one edit is allowed in a short word
 * and two in a longer one; without a slash, one (so "hello" is not /help). Only one command may
 * be nearest, and a staff command that is as near (/stat: start or stats) means no guess.
 */
import { distance } from 'fastest-levenshtein';
import { COMMAND_WORDS, USER_COMMANDS, type UserCommand } from '../command-names.js';
import { STAFF_COMMANDS } from '../staff.js';

export interface NearestCommand {
  command: UserCommand;
  /** Edits from what was typed (0: the name or a word for it, typed without the slash). */
  distance: number;
  /** The rest of the message after the command word ("all" in "/chek all"). */
  args: string;
}

const CANDIDATES: readonly string[] = [...USER_COMMANDS, ...STAFF_COMMANDS];

export function nearestCommand(text: string): NearestCommand | undefined {
  const folded = text.normalize('NFKC').trim();
  const match = /^([/\\、]?)\s*([^\s/\\]+)\s*(.*)$/su.exec(folded);
  if (!match) return undefined;
  const slash = match[1] !== '';
  const word = match[2]!.toLowerCase().replace(/@\w+$/, ''); // "/chek@shenbao_bot" in a Telegram group
  const args = match[3]!.trim();
  const named = Object.hasOwn(COMMAND_WORDS, word) ? COMMAND_WORDS[word] : undefined;
  if (named) return { command: named, distance: 0, args };
  if (!/^[a-z]+$/.test(word)) return undefined;
  const allowed = slash && word.length > 4 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const command of CANDIDATES) {
    const d = swappedOnce(word, command) ? 1 : distance(word, command);
    if (d < bestDistance) [best, bestDistance, tie] = [command, d, false];
    else if (d === bestDistance) tie = true;
  }
  if (!best || bestDistance > allowed || tie || !(USER_COMMANDS as readonly string[]).includes(best)) return undefined;
  return { command: best as UserCommand, distance: bestDistance, args };
}

/** "hlep" and "help": the same letters with one pair of neighbours swapped. */
function swappedOnce(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ.push(i);
  return differ.length === 2 && differ[1] === differ[0]! + 1 && a[differ[0]!] === b[differ[1]!] && a[differ[1]!] === b[differ[0]!];
}
