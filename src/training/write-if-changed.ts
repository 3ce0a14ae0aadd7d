import { readFileSync, writeFileSync } from 'node:fs';

/** Writes a built file only when its text changed (a build leaves a clean tree); returns whether it wrote. */
export function writeIfChanged(path: string, text: string): boolean {
  let before = '';
  try {
    before = readFileSync(path, 'utf8');
  } catch {}
  if (before === text) return false;
  writeFileSync(path, text);
  return true;
}
