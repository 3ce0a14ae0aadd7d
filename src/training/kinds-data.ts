/**
 * The kind classifier's labelled data: the utterance corpus in test/handlers/corpus/*.yaml (one
 * source of truth for the corpus test and for training; kinds-extra.yaml there was written for
 * the kinds the rest has few of). The corpus labels a few kinds under older names; this maps them
 * onto the classifier's kinds (handlers/understanding/kinds.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import type { KindContext } from '../../handlers/understanding/kind-features.js';
import { isHeldOut, KINDS, type Kind } from '../../handlers/understanding/kinds.js';

/** Where the labelled data is, from the project root. */
export const KIND_DATA = 'test/handlers/corpus';

/** The folder with package.json above this file (also when it runs bundled, from dist/ or a cache). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export interface KindExample {
  text: string;
  kind: Kind;
  context: KindContext;
  file: string;
  heldOut: boolean;
}

const CORPUS_KINDS = [...KINDS, 'facts', 'tick'] as const;
const rowSchema = z.looseObject({
  text: z.union([z.string(), z.number()]).transform(String),
  kind: z.enum(CORPUS_KINDS),
  open: z.string().optional(),
  last: z.string().optional(),
  lang: z.enum(['en', 'zh-CN']).optional(),
  checklist: z.unknown().optional(),
});
type Row = z.infer<typeof rowSchema>;

/** A question on a supposition is a what-if: the older files label it `question`. */
const SUPPOSITION = /如果|要是|假如|假设|万一|若是|倘若|what if|\bif\b|suppose/i;

export function kindOf(row: Row): Kind {
  switch (row.kind) {
    case 'facts':
      return 'fact';
    case 'tick':
      return 'checklist';
    case 'unclear':
      // Said with a checklist to tick, "合同还没盖章" is checklist talk that ticks nothing.
      return row.checklist ? 'checklist' : 'unclear';
    case 'question':
      return SUPPOSITION.test(row.text) ? 'whatif' : 'question';
    default:
      return row.kind;
  }
}

export function loadKindExamples(root = projectRoot()): KindExample[] {
  const dir = join(root, KIND_DATA);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'conversations.yaml')
    .sort();
  return files.flatMap((file) =>
    z
      .array(rowSchema)
      .parse(parse(readFileSync(join(dir, file), 'utf8')))
      .map((row) => ({
        text: row.text,
        kind: kindOf(row),
        context: {
          ...(row.open && { open: row.open }),
          ...(row.last && { lastTopic: true }),
          lang: row.lang ?? (file === 'english.yaml' ? 'en' : 'zh-CN'),
        },
        file,
        heldOut: isHeldOut(row.text),
      })),
  );
}
