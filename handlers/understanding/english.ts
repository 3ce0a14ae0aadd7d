/**
 * English in a message: when it is read with the English cues, parted at punctuation only, or answered in
 * English. One place for these tests; before, five modules each counted letters their own way.
 */

/** More letters than anything else: "What documents do we need for the health project?". */
export function mostlyEnglish(text: string): boolean {
  return (text.match(/[a-z]/gi)?.length ?? 0) > text.length / 2;
}

/** Two English words or more: read with the English cues ("We got 会员之家 in 2021 and…"). */
export function hasEnglishWords(text: string): boolean {
  return (text.match(/\b[a-z]{2,}\b/gi)?.length ?? 0) >= 2;
}

/** English cues worth reading: two English words, or one of three letters or more ("clear 品牌，改沙龙", "cancel掉"). */
export function hasEnglishCue(text: string): boolean {
  return hasEnglishWords(text) || /(?<![a-z])[a-z]{3,}(?![a-z])/i.test(text);
}

/** Written in English: three words or more, and more letters than anything else; answered in English. */
export function writtenInEnglish(text: string): boolean {
  const letters = text.match(/[a-z]/gi)?.length ?? 0;
  return (text.match(/\b[a-z]{2,}\b/gi)?.length ?? 0) >= 3 && letters > text.replace(/\s/g, '').length / 2;
}

/** English words stand spaced, so its pieces part at punctuation only ("drop 一流学会 then, keep only…"). */
export function spacedWords(text: string): boolean {
  return /[a-z]{2,}\s+[a-z]{2,}/i.test(text);
}
