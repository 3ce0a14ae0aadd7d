import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evidenceFor, listDeadlines, type Profile } from '../../rules/index.js';
import type { Question, ResultView } from '../../handlers/types.js';
import { ButtonCodec } from '../../src/channels/lark-buttons.js';
import { CARD_MAX_BYTES, cardBytes, escapeLarkMd, neutraliseText, questionCard, resultCard, textContent } from '../../src/channels/lark-cards.js';
import { sharedConversation } from './lark-harness.js';
import { buttonsOf } from './lark-harness.js';

const codec = new ButtonCodec('secret-for-cards');
const guide = sharedConversation().guide;
const opts = { order: guide.projectIds, projectName: guide.projectName, guideTitle: guide.data.title };

function view(profile: Profile): ResultView {
  const intended = (profile.intended ?? []).map((i) => (typeof i === 'string' ? i : i.project));
  return {
    check: check(guide, profile),
    profile,
    deadlines: intended.flatMap((project) => listDeadlines(guide, { nowMs: Date.parse('2022-05-01T00:00:00+08:00'), project })),
    evidence: intended.map((id) => evidenceFor(guide, id)),
  };
}

describe('escaping user text', () => {
  it('escapeLarkMd neutralises tags, markdown and links', () => {
    const hostile =
      '<at id=all></at> <at user_id="ou_x">x</at> **bold** _i_ ~~s~~ `code` [link](https://evil.example) # h\n- item\n> quote\n1. one & <font color=red>r</font>';
    const out = escapeLarkMd(hostile);
    expect(out).not.toMatch(/<|>(?!\s)|\*|_|~|`|\[|\]|\(|\)/);
    expect(out).not.toContain('<at');
    expect(out).toContain('&lt;at id=all&gt;');
    expect(out).toContain('&amp;');
    expect(out.split('\n')[1]).toBe('－ item');
    expect(out.split('\n')[3]).toMatch(/^1．/);
    // Chinese text and full-width clause brackets pass unchanged.
    expect(escapeLarkMd('申报条件（依据 二（二）1）')).toBe('申报条件（依据 二（二）1）');
  });

  it('escapeLarkMd output never contains a raw tag or emphasis marker, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const out = escapeLarkMd(s);
        expect(out).not.toMatch(/[<>*_~`[\]]/);
      }),
      { numRuns: 500 },
    );
  });

  it('neutraliseText stops @-mentions in text messages', () => {
    const t = neutraliseText('找 <at user_id="all">所有人</at> 和 </at> 1 < 2');
    expect(t).not.toMatch(/<at|<\/at/);
    expect(t).toContain('1 < 2');
    expect(textContent('<at user_id="all"></at>').text).not.toContain('<at');
  });
});

describe('question cards', () => {
  const single: Question = {
    id: 'orgType#3',
    mode: 'single',
    options: [
      { value: 'society', label: '省级学会' },
      { value: 'affiliated_institution', label: '省科协直属事业单位' },
      { value: 'other', label: '其他单位' },
    ],
    selected: [],
  };
  const multi: Question = {
    id: 'categories#1',
    mode: 'multi',
    options: [
      { value: 'a', label: '学会建设' },
      { value: 'b', label: '学术建设' },
    ],
    selected: ['b'],
  };

  it('a single choice has one signed pick button per option, bound to the chat', () => {
    const card = questionCard(codec, 'oc_1', { ref: 'r-single', text: '你们是哪类单位？', question: single });
    expect(card.config.update_multi).toBe(true);
    const buttons = buttonsOf(card);
    expect(buttons.map((b) => b.text.content)).toEqual(['省级学会', '省科协直属事业单位', '其他单位']);
    buttons.forEach((b, index) => {
      expect(codec.decode('oc_1', b.value)).toEqual({ ref: 'r-single', action: 'pick', index });
      expect(codec.decode('oc_2', b.value)).toBeUndefined();
    });
    // option values stay server-side
    expect(JSON.stringify(card)).not.toContain('affiliated_institution');
  });

  it('a multiple choice ticks the selected options and ends with 选好了', () => {
    const card = questionCard(codec, 'oc_1', { ref: 'r-multi', text: '哪些类别？', question: multi });
    const buttons = buttonsOf(card);
    expect(buttons.map((b) => [b.text.content, b.type])).toEqual([
      ['☐ 学会建设', 'default'],
      ['☑ 学术建设', 'primary'],
      ['✅ 选好了', 'primary'],
    ]);
    expect(buttons.map((b) => codec.decode('oc_1', b.value)?.action)).toEqual(['toggle', 'toggle', 'done']);
  });

  it("speaks the chat's language: an English chat gets English hints and an English done button", () => {
    const card = questionCard(codec, 'oc_1', { ref: 'r-multi', text: 'Which categories?', question: multi }, 'en');
    expect(buttonsOf(card).at(-1)!.text.content).toBe('✅ Done');
    expect(JSON.stringify(card)).toContain('tap \\"Done\\"');
    expect(JSON.stringify(card)).not.toMatch(/选好了|点按钮/);
  });

  it('a closed card has no buttons and says why; question text is escaped', () => {
    const card = questionCard(codec, 'oc_1', { ref: 'r-single', text: '**<at id=all>**', question: single, closed: '已选择：省级学会' });
    expect(buttonsOf(card)).toHaveLength(0);
    expect(JSON.stringify(card)).toContain('已选择：省级学会');
    expect(JSON.stringify(card)).not.toContain('<at');
  });
});

describe('result card', () => {
  it('has the three sections with each item’s reason and clause, intended projects marked', () => {
    const profile: Profile = {
      orgType: 'society',
      evaluationGrade: 'C',
      annualInspectionPassed: true,
      integrityIssues: false,
      intended: ['first_class_society', 'standard'],
    };
    const v = view(profile);
    const card = resultCard(v, opts)!;
    expect(card).toBeDefined();
    expect(card.header?.title.content).toBe('申报资格检查结果');
    const text = JSON.stringify(card);
    for (const section of ['可以申报', '不符合条件', '还需确认']) expect(text).toContain(section);
    // first_class_society needs grade ≥ B: ineligible with its clause
    const fcs = v.check.projects.first_class_society;
    expect(fcs.verdict).toBe('ineligible');
    expect(text).toContain(escapeLarkMd(fcs.reasons[0]!.text));
    expect(text).toContain(`依据 ${fcs.reasons[0]!.clause}`);
    expect(text).toContain('〔你们打算申报〕');
    // every project appears
    for (const id of guide.projectIds) expect(text).toContain(escapeLarkMd(guide.projectName(id)));
    // unknown verdicts say what is missing, with the clause
    const unknown = guide.projectIds.filter((id) => v.check.projects[id].verdict === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    for (const id of unknown) expect(text).toContain(`依据 ${v.check.projects[id].reasons[0]!.clause}`);
    expect(text).toContain('限项冲突');
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
  });

  it("an English chat gets the card framed in English (the guide's own words stay as quoted)", () => {
    const profile: Profile = { orgType: 'society', evaluationGrade: 'C', intended: ['first_class_society', 'standard'] };
    const card = resultCard(view(profile), { ...opts, lang: 'en' })!;
    expect(card.header?.title.content).toBe('Eligibility check');
    const text = JSON.stringify(card);
    for (const section of ['May apply', 'Not eligible', 'To be confirmed', '[you plan to apply]']) expect(text).toContain(section);
    for (const zh of ['申报资格检查结果', '可以申报', '不符合条件', '还需确认', '你们打算申报', '截止时间和材料清单']) expect(text).not.toContain(zh);
    expect(text).toContain(escapeLarkMd(guide.projectName('standard')));
  });

  it('fits in a card for any profile (compacting when needed)', () => {
    const profiles: Profile[] = [
      {},
      {
        orgType: 'society',
        evaluationGrade: 'A',
        assessmentLevel: 5,
        annualInspectionPassed: true,
        integrityIssues: false,
        fullTimeStaff: true,
        cnJournal: true,
        awardFiled: true,
        medicalExperts: 10,
        intended: [...guide.projectIds],
      },
      { orgType: 'other', integrityIssues: true, intended: [...guide.projectIds] },
    ];
    for (const p of profiles) {
      const card = resultCard(view(p), opts);
      expect(card).toBeDefined();
      expect(cardBytes(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    }
  });

  it('gives up (the caller sends text) when even the compact form is too big', () => {
    const v = view({});
    const long = 'x'.repeat(3000);
    for (const id of guide.projectIds)
      v.check.projects[id] = { verdict: 'unknown', reasons: [{ clause: '一', text: long, quote: '', status: 'unknown' }], prepare: [] };
    expect(resultCard(v, opts)).toBeUndefined();
  });
});
