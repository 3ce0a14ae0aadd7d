/**
 * Conversation transcripts as data (test/handlers/transcripts/*.yaml): what the secretary types or
 * taps, and fragments the bot's replies must (or must not) contain. Each file is played through
 * ChatService + Conversation over a real SQLite store in a temp dir, with a fixed clock.
 *
 * A file is a list of turns:
 *   - say: "text"                 a typed message (commands too)
 *   - tap: 标签 or value           a button on the last question (single → pick; multi → toggle)
 *     stale: true                 …on the question before the last one (an outdated button)
 *   - done: true                  submit the multiple choice as ticked
 *   - restart: true               a new ChatService and Conversation over the same SQLite file
 *   - now: ISO-8601               move the clock (before this turn's message)
 *   expect: [fragments]           each must appear in the turn's replies, joined
 *   expectNot: [fragments]        none may appear
 *   expectOptions: [labels]       the last question shown this turn offers these buttons
 *   expectFile: [fragments]       a file is attached and its content has these
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Question, Reply } from '../../handlers/types.js';
import { DEFAULT_NOW, openSession, type Session } from './harness.js';
import { shiftYears, writeShiftedGuide } from '../rules/year-shift.js';
import { loadGuideSearch } from '../../src/guide-file.js';

const DIR = fileURLToPath(new URL('./transcripts/', import.meta.url));

const fragments = z.array(z.union([z.string(), z.number()]).transform(String));
const turnSchema = z
  .object({
    say: z.union([z.string(), z.number()]).transform(String).optional(),
    tap: z.union([z.string(), z.number()]).transform(String).optional(),
    stale: z.boolean().optional(),
    done: z.literal(true).optional(),
    restart: z.literal(true).optional(),
    now: z.string().optional(),
    expect: fragments.default([]),
    expectNot: fragments.default([]),
    expectOptions: fragments.optional(),
    expectFile: fragments.optional(),
  })
  .strict()
  .refine((t) => [t.say, t.tap, t.done].filter((x) => x !== undefined).length <= 1, 'one of say / tap / done per turn')
  .refine((t) => t.say !== undefined || t.tap !== undefined || t.done || t.restart || t.now, 'a turn needs say, tap, done, restart or now');
const fileSchema = z.array(turnSchema).min(1);
type Turn = z.infer<typeof turnSchema>;

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

const open: Session[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function describeTurn(turn: Turn): string {
  if (turn.say !== undefined) return `say ${JSON.stringify(turn.say)}`;
  if (turn.tap !== undefined) return `tap ${JSON.stringify(turn.tap)}${turn.stale ? ' (stale)' : ''}`;
  if (turn.done) return 'done';
  return turn.restart ? 'restart' : `now ${turn.now}`;
}

/** The same transcripts on a copy of the guide one programme year later, every year in them moved too: a new year is a data file. */
const shifted = writeShiftedGuide(1);
afterAll(() => rmSync(shifted.dir, { recursive: true, force: true }));
const SHIFTED = { guide: shifted.guide, search: loadGuideSearch(shifted.guide, shifted.dataFile) };

describe.each([
  ['conversation transcripts', 0],
  ['conversation transcripts on the guide a year later', 1],
] as const)('%s', (_, years) => {
  it('has the transcripts', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s', async (file) => {
    const raw = readFileSync(DIR + file, 'utf8');
    // iCalendar's compact times ("20220517T090000Z") move too.
    const moved = years ? shiftYears(raw, years).replace(/(?<!\d)(20\d\d)(?=\d{4}T\d{6})/g, (y) => String(Number(y) + years)) : raw;
    const turns = fileSchema.parse(parse(moved));
    const session = await openSession(years ? { guide: SHIFTED, now: shiftYears(DEFAULT_NOW, years) } : {});
    open.push(session);
    const questions: Question[] = [];
    const log: string[] = [];
    for (const [index, turn] of turns.entries()) {
      const where = `${file} turn ${index + 1} (${describeTurn(turn)})`;
      if (turn.now) session.now = Date.parse(turn.now);
      if (turn.restart) {
        await session.restart(); // the buttons already on screen stay valid: they carry the stored question id
        log.push('— restart —');
      }
      let replies: Reply[] = [];
      if (turn.say !== undefined) replies = await session.say(turn.say);
      else if (turn.done) replies = await session.done();
      else if (turn.tap !== undefined) {
        if (turn.stale) {
          const old = [...questions]
            .reverse()
            .find((q) => q.id !== session.question?.id && q.options.some((o) => o.label === turn.tap || o.value === turn.tap));
          if (!old) throw new Error(`${where}: no earlier question offers ${turn.tap}`);
          const option = old.options.find((o) => o.label === turn.tap || o.value === turn.tap)!;
          replies = await session.send({ choice: { question: old.id, values: [option.value], action: old.mode === 'multi' ? 'toggle' : 'pick' } });
        } else replies = await session.tap(turn.tap);
      }
      for (const r of replies) if (r.question) questions.push(r.question);
      const text = replies.map((r) => r.text).join('\n');
      log.push(`> ${describeTurn(turn)}\n${text}`);
      const context = () => `${where}\n--- transcript so far ---\n${log.slice(-4).join('\n\n')}`;
      for (const fragment of turn.expect) expect(text, `${context()}\n--- expected to contain: ${fragment}`).toContain(fragment);
      for (const fragment of turn.expectNot) expect(text, `${context()}\n--- expected NOT to contain: ${fragment}`).not.toContain(fragment);
      if (turn.expectOptions) {
        const shown = [...replies].reverse().find((r) => r.question)?.question;
        expect(shown, `${context()}\n--- expected a question with buttons`).toBeDefined();
        const labels = shown!.options.map((o) => o.label);
        for (const label of turn.expectOptions) expect(labels, `${context()}\n--- expected button ${label}`).toContain(label);
      }
      if (turn.expectFile) {
        const attached = replies.find((r) => r.file)?.file;
        expect(attached, `${context()}\n--- expected a file`).toBeDefined();
        for (const fragment of turn.expectFile) expect(attached!.content, `${where}: file should contain ${fragment}`).toContain(fragment);
      }
      // Never a dead end: every turn gets at least one reply with text.
      if (turn.say !== undefined || turn.tap !== undefined || turn.done) {
        expect(replies.length, `${context()}\n--- no reply at all`).toBeGreaterThan(0);
        expect(
          replies.every((r) => r.text.trim().length > 0),
          `${context()}\n--- an empty reply`,
        ).toBe(true);
        expect(text, `${context()}\n--- the handler failed`).not.toContain('处理这条消息时出了问题');
      }
    }
  });
});
