/**
 * The labelled corpus (test/handlers/corpus/*.yaml): utterances written from the guide alone, the
 * way secretaries type, each with the state it is said in and what must (or must not) change.
 */
import { describe, expect, it } from 'vitest';
import { corpusFiles, loadCorpus, play } from './corpus-check.js';

const files = corpusFiles();

describe('utterance corpus', () => {
  it('has at least 400 utterances, at least 100 of which must change nothing', () => {
    const items = files.flatMap((f) => loadCorpus(f));
    expect(items.length).toBeGreaterThanOrEqual(400);
    expect(items.filter((i) => i.nothing).length).toBeGreaterThanOrEqual(100);
  });

  it.each(files)('%s', async (file) => {
    const failures: string[] = [];
    for (const item of loadCorpus(file)) {
      const { problems, reply } = await play(item, file);
      if (problems.length)
        failures.push(
          `${JSON.stringify(item.text)} (open ${item.open ?? '—'}, last ${item.last ?? '—'}): ${problems.join('; ')}\n    reply: ${reply.slice(0, 160).replace(/\n/g, ' ⏎ ')}`,
        );
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
