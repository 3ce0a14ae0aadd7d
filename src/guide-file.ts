import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseGuide, GuideError, type Guide } from '../rules/index.js';

export const BUNDLED_GUIDE = fileURLToPath(new URL('../rules/guides/jsast-2022.yaml', import.meta.url));
export const GUIDE_TEXT = fileURLToPath(new URL('../rules/guides/jsast-2022-guide.txt', import.meta.url));

/** Loads a guide data file; a missing or invalid file throws GuideError with a readable message. */
export function loadGuideFile(path = BUNDLED_GUIDE): Guide {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new GuideError(`无法读取指南数据文件 ${path}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, '(文件)');
  }
  return parseGuide(text, path);
}
