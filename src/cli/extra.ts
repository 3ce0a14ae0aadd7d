import { answerQuestion } from '../../handlers/ask.js';
import { projectMatcher } from '../../handlers/parse.js';
import { BUNDLED_GUIDE, loadGuideSearch } from '../guide-file.js';
import { guideFrom, parse, parseNow, readProfile, UsageError, type CliIO } from './run.js';

type Command = (args: string[], io: CliIO) => Promise<number>;

/** Commands beyond the rules core: free-text questions now; staff commands join here. */
export const extraCommands: Record<string, Command> = {
  async ask(args, io) {
    const { values, positionals } = parse(args, { profile: { type: 'string' }, now: { type: 'string' } });
    const question = positionals.join(' ').trim();
    if (!question) throw new UsageError('缺少问题：ask "标准制定什么时候截止"');
    const guidePath = values.guide ?? BUNDLED_GUIDE;
    const guide = guideFrom(guidePath);
    const search = loadGuideSearch(guide, guidePath);
    const profile = values.profile === undefined ? undefined : await readProfile(values.profile, io);
    const answer = answerQuestion(question, {
      guide,
      matcher: projectMatcher(guide),
      nowMs: parseNow(values.now),
      ...(profile && { profile }),
      ...(search && { search }),
    });
    io.stdout(values.json ? `${JSON.stringify(answer, null, 2)}\n` : `${answer.answer}\n`);
    return 0;
  },
};
