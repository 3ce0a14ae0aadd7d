/**
 * A copy of the bundled guide whose words are changed, the data file and the guide text alike, as a
 * new year's guide might say the same things differently: "江苏省内" becomes "本省范围内",
 * "不少于15场" becomes "至少15场"… Answers found by topic answer it the same way; an answer that
 * matched the guide's own words would not.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseGuide, type Guide } from '../../rules/index.js';
import { BUNDLED_GUIDE, GUIDE_TEXT } from '../../src/guide-file.js';

/** Each pair: the guide's words and the rewording. No rewording contains a word that is reworded. */
export const REWORDING: ReadonlyArray<readonly [string, string]> = [
  ['江苏省内', '本省范围内'],
  ['不列入', '不纳入'],
  ['考核', '考评'],
  ['参与单位', '协作单位'],
  ['第一主办方', '首要举办单位'],
  ['独立主办', '单独举办'],
  ['不少于', '至少'],
  ['报送地址', '寄送处'],
  ['电子版', '网络版'],
  ['纸质', '书面'],
  ['会后', '活动结束后'],
  ['验收', '结项'],
  ['开始', '开放'],
];

export function reword(text: string): string {
  let out = text;
  for (const [from, to] of REWORDING) out = out.split(from).join(to);
  return out;
}

export interface RewordedGuide {
  dir: string;
  dataFile: string;
  textFile: string;
  guide: Guide;
}

/** Writes the reworded data file and guide text into a fresh temporary folder. */
export function writeRewordedGuide(dir = mkdtempSync(join(tmpdir(), 'shenbao-reworded-'))): RewordedGuide {
  const data = reword(readFileSync(BUNDLED_GUIDE, 'utf8'));
  const dataFile = join(dir, basename(BUNDLED_GUIDE));
  const textFile = join(dir, basename(GUIDE_TEXT));
  writeFileSync(dataFile, data);
  writeFileSync(textFile, reword(readFileSync(GUIDE_TEXT, 'utf8')));
  return { dir, dataFile, textFile, guide: parseGuide(data, dataFile) };
}
