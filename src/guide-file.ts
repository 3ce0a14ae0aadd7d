import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegularFile } from './read-regular-file.js';
import { buildSearchIndex, GuideError, parseGuide, splitPassages, type Guide, type SearchIndex } from '../rules/index.js';

/** The folder holding rules/: found by walking up, as this code may run from src/ or from a bundle in .build/. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'rules', 'guides')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const BUNDLED_GUIDE = join(projectRoot(), 'rules', 'guides', 'jsast-2022.yaml');
export const GUIDE_TEXT = join(projectRoot(), 'rules', 'guides', 'jsast-2022-guide.txt');

/** A guide data file is a few hundred KB; GUIDE_FILE=/dev/zero (size 0 by stat, endless) must not be read to the end. */
const MAX_GUIDE_BYTES = 5 * 1024 * 1024;

/** Loads a guide data file; a missing or invalid file throws GuideError with a readable message. */
export function loadGuideFile(path = BUNDLED_GUIDE): Guide {
  let text: string;
  try {
    text = readRegularFile(path, MAX_GUIDE_BYTES).toString('utf8');
  } catch (error) {
    throw new GuideError(`无法读取指南数据文件 ${path}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, '(文件)');
  }
  return parseGuide(text, path);
}

/** The guide's full text (named by `textFile` beside the data file), indexed for search; undefined if absent. */
export function loadGuideSearch(guide: Guide, dataPath = BUNDLED_GUIDE): SearchIndex | undefined {
  if (!guide.data.textFile) return undefined;
  try {
    const text = readFileSync(resolve(dirname(dataPath), guide.data.textFile), 'utf8');
    return buildSearchIndex(splitPassages(text));
  } catch {
    return undefined;
  }
}
