/**
 * A copy of the bundled guide with every programme year moved by `years` (default +1): the data
 * file and the guide text beside it, generated from the bundled ones on each run, never kept by hand.
 * Tests run the rule cases and the CLI against it to show a new year is a data file, not a code change.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseGuide, type Guide, type Profile } from '../../rules/index.js';
import { BUNDLED_GUIDE, GUIDE_TEXT } from '../../src/guide-file.js';

/** Every year 2000–2099 standing alone (not inside a longer number such as a phone number), moved by `years`. */
export function shiftYears(text: string, years = 1): string {
  return text.replace(/(?<!\d)20\d\d(?!\d)/g, (y) => String(Number(y) + years));
}

export interface ShiftedGuide {
  dir: string;
  /** The shifted data file; its `textFile` names the shifted text beside it. */
  dataFile: string;
  textFile: string;
  guide: Guide;
  years: number;
}

/** Writes the shifted data file and guide text into a fresh temporary folder. */
export function writeShiftedGuide(years = 1, dir = mkdtempSync(join(tmpdir(), 'shenbao-shifted-'))): ShiftedGuide {
  const data = shiftYears(readFileSync(BUNDLED_GUIDE, 'utf8'), years);
  const dataFile = join(dir, shiftYears(basename(BUNDLED_GUIDE), years));
  const textFile = join(dir, shiftYears(basename(GUIDE_TEXT), years));
  writeFileSync(dataFile, data);
  writeFileSync(textFile, shiftYears(readFileSync(GUIDE_TEXT, 'utf8'), years));
  return { dir, dataFile, textFile, guide: parseGuide(data, dataFile), years };
}

/** A profile told under the bundled guide, as the same society would tell it a year later: earlier awards keep their place in time relative to the programme. */
export function shiftProfile(profile: Profile, years = 1): Profile {
  if (!profile.priorProjects) return profile;
  return { ...profile, priorProjects: profile.priorProjects.map((p) => ({ ...p, year: p.year + years })) };
}
