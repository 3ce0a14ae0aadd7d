import { placeInJiangsu, placeOutsideJiangsu } from './understanding/places.js';
import {
  parseInstant,
  afterEventDue,
  check,
  missingFacts,
  type CheckResult,
  eventProjects,
  intentions,
  type Fact,
  type Grade,
  type Profile,
  type ProjectId,
  type Reason,
  sharedSection,
  type Verdict,
} from '../rules/index.js';
import { englishCues, type EventDay, extractFacts, readEventDay } from './parse.js';
import { plannedAfter, readPlan } from './plan.js';
import type { SayValue } from './facts-text.js';
import { groupWords, type Range, rangesTold, withValue } from './what-if-range.js';
import { readingMark, renderReadings, renderReason } from './render.js';
import type { Turn } from './turn.js';
import { hasEnglishWords, mostlyEnglish } from './understanding/english.js';
import { barredByHosting } from './hosting.js';
import { EXCLUDED_ACTIVITY, THESE } from './understanding/question-words.js';

/** A hypothetical opening or ending: "如果…", "那要是…", "…的话". */
export const HYPOTHETICAL =
  /^(那|那么|那个|可)?(如果|假如|要是|假设|若|万一)|(?<!^[\u4e00-\u9fa5]{1,4})的话|^[\u4e00-\u9fa5]{1,4}的话(?=.*(吗|呢|\?|？|会怎样|怎么办|会不会|能不能|行不行))|^(and |so |but )?(what if|suppose|supposing|imagine|assuming)\b|^(and |so |but )?if (we|our|the society)\b|^(and |so |but )?if (?=(?:it'?s|it is|it were|it was|the (?:event|conference|meeting|forum|salon))\b)/i;
const HYPOTHETICAL_WORDS = new RegExp(HYPOTHETICAL.source, 'gi');
/** "再加3个专家，即系9个", "再招两个就是8个": an increase, then the total it makes. */
const INCREASE_THEN_TOTAL =
  /再(?:加|招|找|请|来)[^，,。？?]{0,8}?[，,]?\s*(?:即是|即系|就是|就有|变成|一共|总共|合共|加起来)\s*(\d+|[一二两三四五六七八九十]+)\s*(个|名|位|人)/;

/** A value, then a verb of its becoming another: "B等换成", "5个变成", "4A降到". */
const VALUE_BECOMES =
  /(?:从)?\s*(?:[ABCD]\s*等?|[1-5]\s*A\s*级?|\d{1,3}\s*(?:个|人|名|位)?)\s*(?:换成|改成|变成|改为|降到|降为|掉到|升到|升为|变为)\s*(?=[ABCD]|[1-5]\s*A|\d)/gi;

/** "那9月20号开呢" after an event day was told: another day, asked about as a what-if. */
// ("那改到11月15号办呢，材料最晚啥时候交": a question of that day may follow in a piece of its own.)
export const ANOTHER_DAY =
  /^(那|那么)?[^，,。]{0,8}\d{1,2}\s*月\s*\d{0,2}\s*[日号]?[^，,。]{0,6}(开|办|举办|举行|召开)?(呢|的话|怎么样|咋样)[?？]?(?:[，,][^，,。？?]{1,16}[?？]?)?$/;

/**
 * "如果我们是B等呢", "如果不报一流学会 只报两个平台呢": the verdicts on a copy of the profile,
 * with the assumed facts or plan; nothing is stored. False when the what-if changes no fact, no
 * plan and names no project ("如果12月办呢"): it is answered as a question.
 */
export function whatIf(turn: Turn, text: string): boolean {
  const { guide, matcher } = turn;
  // Read as if said plainly (the reading of facts refuses to store "如果有违规"); nothing here is stored.
  // An English what-if is read with the English cues, as a statement is ("What if our grade were C?").
  // (And mixed: "如果我们2021 grade是A, 能lead一个学会联合体吗?" carries its facts in English words.)
  const english = mostlyEnglish(text) || hasEnglishWords(text);
  const plain = (english ? englishCues(text.replace(HYPOTHETICAL_WORDS, '')) : text.replace(HYPOTHETICAL_WORDS, ''))
    .replace(/[呢吧吗？?]+$/, '')
    // "要是B等换成C等呢", "专家从5个变成8个": the value it becomes is the one assumed, not the one it was.
    .replace(VALUE_BECOMES, '');
  // "要是再加3个专家，即系9个": the total after the increase is what is assumed (said plainly, "再加" adds nothing).
  const facts = extractFacts(plain.replace(INCREASE_THEN_TOTAL, '，专家$1$2'), matcher, guide.year);
  // "要是没评上4A呢", "如果我们不是4A呢": a bound or a denial leaves several values open; each is tried below.
  const ranges = rangesTold(plain, facts);
  const range = ranges[0];
  const bound: Profile = ranges.reduce((p, r) => withValue(p, r.fact, r.values[0]!), {} as Profile);
  const stated = [...new Set([...Object.keys(facts.profile), ...Object.keys(bound)])] as Fact[];
  // "要是会议改到10月31号呢", "要是推到12月初呢": the event's day moves; read as the question path reads it.
  const day = stated.length ? undefined : readEventDay(plain, guide.year, { vague: true });
  // "And if our brand conference were held in Shanghai?", "要是在上海办呢": a place supposed (and no day) is the
  // place rule's to answer (三（二）…举办地须在江苏省内), not a what-if of applying for the project named.
  if (!stated.length && !day && (placeOutsideJiangsu(text) || placeInJiangsu(text))) return false;
  // ("要是我们的青少年活动放在全国科普日那天搞，算不算": an activity the guide leaves out is the rule's to answer.)
  if (!stated.length && EXCLUDED_ACTIVITY.test(text)) return false;
  // Not when it names only projects with no event ("标准要是12月才发布呢"): that is their own deadline.
  const namedHere = matcher.find(plain, { groups: false });
  if (day && (!namedHere.length || namedHere.some((id) => eventProjects(guide).includes(id)))) return eventWhatIf(turn, day, namedHere);
  const plan = stated.length ? undefined : readPlan(turn, plain);
  // "如果再报一个科普学会呢": a project named in a what-if is one more intended project.
  const added = plan ? [] : facts.intended.length ? facts.intended : stated.length ? [] : matcher.find(plain, { groups: false });
  if (!stated.length && !plan && !added.length) return false;
  const copy: Profile = { ...turn.state.profile, ...bound, ...facts.profile };
  const current = intentions(turn.state.profile);
  // "不报一流学会了，这两个平台还能一起报吗": the projects just talked about are in the plan asked about.
  // "一流学会不报的话，一流学术学会和一流科普学会能同时报吗": the projects asked about besides the one dropped.
  const asked = plan?.remove.length ? matcher.find(plain).filter((id) => !plan.remove.includes(id) && !plan.add.includes(id)) : [];
  const talked = plan && THESE.test(plain) ? (turn.state.topic?.projects ?? []).filter((id) => !plan.remove.includes(id)) : [];
  talked.push(...asked.filter((id) => !talked.includes(id)));
  // "那发展助力我们报，能行不" … "要是再加个一流科普学会呢": 再/也 adds to what was just talked about.
  if (plan?.add.length && /再|也|还|另外/.test(plain))
    for (const id of turn.state.topic?.projects ?? [])
      if (!talked.includes(id) && !plan.add.includes(id) && !plan.remove.includes(id) && !current.some((i) => i.project === id)) talked.push(id);
  if (plan) copy.intended = plannedAfter(current, talked.length ? { ...plan, add: [...new Set([...plan.add, ...talked])] } : plan);
  else if (added.length) copy.intended = plannedAfter(current, { add: added, remove: [], counts: {} });
  const rangeOf = (f: Fact) => ranges.find((r) => r.fact === f);
  const assumed = stated.map((f) => {
    const r = rangeOf(f);
    return r
      ? turn.t(r.kind === 'below' ? 'whatIf.below' : 'whatIf.not', { label: turn.label(f), value: namedValue(turn, r) })
      : turn.t('whatIf.fact', { label: turn.label(f), value: turn.describe(copy, f) ?? '' });
  });
  const planned = intentions(copy).map((i) => i.project);
  const what = assumed.join(turn.t('sep.list')) || turn.t('whatIf.plan', { list: turn.names(planned) || turn.t('common.noneChosen') });
  const lines = [turn.t('whatIf.assumed', { what })];
  // "如果我们是C等，学会建设里能报哪些": a group or category asked about is every project in it.
  const named = stated.length ? matcher.find(plain) : matcher.find(plain, { groups: false });
  if (named.length) turn.state.topic = { projects: named, age: 0 };
  // "假如我们是C等，能报一流学会吗": the projects asked about; else the plan.
  // No plan: the projects talked about last ("一流学会能报吗" … "如果是A等呢").
  const topic = turn.state.topic?.projects ?? [];
  const focus = stated.length && named.length ? named : planned.length || plan ? planned : stated.length ? topic : planned;
  // No plan to test it on ("如果有违规记录会怎样"): what it would rule out, in a few lines.
  if (!focus.length) {
    lines.push(consequences(turn, copy, turn.state.profile, range) ?? turn.t('whatIf.noChange'));
    turn.say(lines.join('\n'));
    return true;
  }
  const before = check(guide, turn.state.profile);
  const after = check(guide, copy);
  const readings = new Set<number>();
  // ("东大是第一主办方" told before, then "那换成报特色的呢": the host rule of the project supposed, as they host;
  // the profile's ✅ of a project it bars is only "the rest is met", never a second verdict.)
  const hosting = barredByHosting(turn, focus);
  const barred = hosting?.ids ?? [];
  // A conflict is the answer to "如果只报这两个呢": it comes first.
  if (after.conflicts.length) {
    const list = after.conflicts.map(
      (c) => `${turn.t('common.cite', { text: c.text, clause: c.clause })}${c.reading ? readingMark(guide, c.reading, turn.lang, readings) : ''}`,
    );
    lines.push(turn.t('whatIf.conflicts', { list: list.join(turn.t('sep.semi')) }));
  }
  // A bound is no value: "当前为低于4A级", not "当前为3A级" of the level tried for it. When the values it
  // leaves open lead to different verdicts, each group of values is answered on its own line.
  const groups = range ? valueGroups(turn, copy, range, focus) : [];
  const rangeWords = (values: ReadonlyArray<number | Grade>): SayValue | undefined =>
    range && ((f) => (f === range.fact ? groupWords(range, values, rangeSayings(turn, range)) : undefined));
  if (range && groups.length > 1)
    for (const group of groups) {
      lines.push(turn.t('whatIf.ifValue', { value: groupWords(range, group.values, rangeSayings(turn, range)) }));
      lines.push(...planVerdicts(turn, group.profile, check(guide, group.profile), focus, readings, before, rangeWords(group.values), barred));
    }
  else lines.push(...planVerdicts(turn, copy, after, focus, readings, before, rangeWords(range?.values ?? []), barred));
  // "要是我们是4A，一流学会就可以了吧": a companion the project still needs (二（三）2) is part of the answer.
  for (const rule of companionsStillNeeded(turn, copy, focus)) lines.push(turn.t('whatIf.companion', { text: rule.text, clause: rule.clause }));
  if (!after.conflicts.length && planned.length > 1)
    lines.push(turn.t('whatIf.noConflict', { clause: sharedSection(guide.data.combinationRules.map((r) => r.clause)) }));
  // The rest of the guide in one line: how many other projects the assumption rules out.
  // (Of a range, only those ruled out whatever value it leaves: "不是4A" rules out nothing a 5A could apply for.)
  const tried = range ? groups.map((g) => check(guide, g.profile)) : [after];
  const others = guide.projectIds.filter(
    (id) => !focus.includes(id) && tried.every((r) => r.projects[id].verdict === 'ineligible') && before.projects[id].verdict !== 'ineligible',
  );
  // Named with the reason ("一流学会建设…须不低于B等"): a changed verdict is the answer, not a count.
  if (others.length && stated.length)
    for (const { reason, ids } of byDecidingReason(turn, copy, after, others, readings, undefined, rangeWords(range?.values ?? [])))
      lines.push(turn.t('whatIf.someOut', { projects: turn.names(ids), reason }));
  // (The host rule said second; its ✅ above was rendered as only "the rest is met": see `barred` in planVerdicts.)
  if (hosting) lines.splice(Math.min(1, lines.length), 0, hosting.text);
  const footnote = renderReadings(guide, readings, turn.lang);
  turn.say(footnote ? `${lines.join('\n')}\n${footnote}` : lines.join('\n'));
  return true;
}

/** The requires_one_of rules of the projects in focus that the assumed plan does not meet yet (not broken ones: those are conflicts). */
function companionsStillNeeded(turn: Turn, assumed: Profile, focus: readonly ProjectId[]) {
  const planned = new Set(intentions(assumed).map((i) => i.project));
  return turn.guide.data.combinationRules.filter(
    (r) => r.kind === 'requires_one_of' && focus.includes(r.project) && !planned.has(r.project) && !r.oneOf.some((id) => planned.has(id)),
  );
}

/** The values of a range grouped by the verdicts they lead to on the projects in focus (and their conflicts). */
function valueGroups(turn: Turn, assumed: Profile, range: Range, focus: readonly ProjectId[]) {
  const groups: Array<{ key: string; values: Array<number | Grade>; profile: Profile }> = [];
  for (const value of range.values) {
    const profile = withValue(assumed, range.fact, value);
    const result = check(turn.guide, profile);
    const key = [...focus.map((id) => result.projects[id].verdict), result.conflicts.length].join('|');
    const group = groups.find((g) => g.key === key);
    if (group) group.values.push(value);
    else groups.push({ key, values: [value], profile });
  }
  return groups;
}

/** The value named in a bound or denial, as the profile describes it ("4A级", "B等"). */
const namedValue = (turn: Turn, r: Range) => turn.describe(withValue({}, r.fact, r.named), r.fact) ?? '';

/** How the values of a range are said in this chat's language. */
function rangeSayings(turn: Turn, r: Range) {
  const value = (v: number | Grade) => turn.describe(withValue({}, r.fact, v), r.fact) ?? String(v);
  return {
    value,
    below: (v: number | Grade) => turn.t('whatIf.belowValue', { value: value(v) }),
    notValue: (v: number | Grade) => turn.t('whatIf.notValue', { value: value(v) }),
    orMore: (v: number | Grade) => turn.t('whatIf.orMore', { value: value(v) }),
    or: turn.t('whatIf.or'),
  };
}

/**
 * "20年和21年都拿过发展助力" after asking about 发展助力: the projects talked about or planned that
 * the facts just stored rule out, each with its reason and clause. Undefined when none changed.
 */
export function verdictsChangedNow(turn: Turn, was: Profile, ids: readonly ProjectId[], anyChangeOf: readonly ProjectId[] = []): string | undefined {
  const before = check(turn.guide, was);
  const after = check(turn.guide, turn.state.profile);
  // Ruled out now, or no longer ruled out ("说错了，会员之家是20年拿的" opens 会员之家 again): the new
  // verdict either way. (Of `anyChangeOf`, settled too: "其实有七个人" after the question of 健康专项.)
  const out = [...new Set([...ids, ...anyChangeOf])].filter(
    (id) =>
      (after.projects[id].verdict === 'ineligible') !== (before.projects[id].verdict === 'ineligible') ||
      (anyChangeOf.includes(id) && after.projects[id].verdict !== before.projects[id].verdict),
  );
  if (!out.length) return undefined;
  const readings = new Set<number>();
  const lines = planVerdicts(turn, turn.state.profile, after, out, readings);
  const footnote = renderReadings(turn.guide, readings, turn.lang);
  return (footnote ? [...lines, footnote] : lines).join('\n');
}

/** verdictsChangedNow of the projects talked about last and those planned. */
export function verdictsChangedOfTalk(turn: Turn, was: Profile): string | undefined {
  const topic = turn.state.topic?.projects ?? [];
  return verdictsChangedNow(
    turn,
    was,
    [...topic, ...turn.intendedIds()],
    topic.filter((id) => !turn.intendedIds().includes(id)),
  );
}

/** One line per verdict and deciding reason: "❌ 一流学会建设、一流学术学会：不能报 — …（二（二）2）". */
function planVerdicts(
  turn: Turn,
  profile: Profile,
  result: CheckResult,
  planned: ProjectId[],
  readings: Set<number>,
  was?: CheckResult,
  sayValue?: SayValue,
  /** Projects a remembered circumstance bars (the hosting told): their ✅ is only "the rest is met". */
  barred: readonly ProjectId[] = [],
): string[] {
  const clashing = new Set(result.conflicts.flatMap((c) => c.projects));
  return byDecidingReason(turn, profile, result, planned, readings, was, sayValue).flatMap(({ verdict, reason, ids }) => {
    // "❓ 还不确定": with what would settle it ("如果我们D等，发展助力能报不" → 专职人员).
    const missing = verdict === 'unknown' ? missingFacts(turn.guide, profile, ids).map((m) => turn.label(m.fact)) : [];
    if (missing.length) return [turn.t('whatIf.unknownNeeds', { projects: turn.names(ids), facts: [...new Set(missing)].join(turn.t('sep.list')) })];
    if (verdict !== 'eligible') return [turn.t(`whatIf.${verdict}`, { projects: turn.names(ids), reason })];
    // With a conflict in the plan (said first), the projects in it are eligible only each on its own.
    const alone = ids.filter((id) => clashing.has(id) && !barred.includes(id));
    const free = ids.filter((id) => !clashing.has(id) && !barred.includes(id));
    return [
      ...(free.length ? [turn.t('whatIf.eligible', { projects: turn.names(free), reason })] : []),
      ...(alone.length ? [turn.t('whatIf.eligibleAlone', { projects: turn.names(alone), reason })] : []),
      ...ids.filter((id) => barred.includes(id)).map((id) => turn.t('answer.otherwiseEligible', { project: turn.guide.projectName(id) })),
    ];
  });
}

interface ReasonGroup {
  verdict: Verdict;
  /** The rendered reason that rules them out ('' unless ineligible). */
  reason: string;
  ids: ProjectId[];
}

/** The projects grouped by verdict and by the one reason that rules each out, in guide order. */
function byDecidingReason(
  turn: Turn,
  profile: Profile,
  result: CheckResult,
  ids: ProjectId[],
  readings: Set<number>,
  was?: CheckResult,
  sayValue?: SayValue,
): ReasonGroup[] {
  const groups: ReasonGroup[] = [];
  for (const id of ids) {
    const v = result.projects[id];
    // "如果我们是A等呢" of 发展助力 with no staff: the condition the what-if breaks (C等以下) is its answer,
    // before one that failed already.
    const failedBefore = (r: Reason) => !!was?.projects[id].reasons.some((o) => o.status === 'no' && o.clause === r.clause && o.text === r.text);
    const fails = v.verdict === 'ineligible' ? v.reasons.filter((r) => r.status === 'no') : [];
    const no = fails.find((r) => !failedBefore(r)) ?? fails[0];
    // …then every other condition it breaks ("如果我们C等3A": the grade and the level).
    const all = no ? [no, ...fails.filter((r) => r !== no)] : [];
    const reason = all.map((r) => renderReason(turn.guide, r, { lang: turn.lang, profile, readings, ...(sayValue && { sayValue }) })).join(turn.t('sep.semi'));
    const group = groups.find((g) => g.verdict === v.verdict && g.reason === reason);
    if (group) group.ids.push(id);
    else groups.push({ verdict: v.verdict, reason, ids: [id] });
  }
  return groups;
}

/**
 * "年检不过影响大吗": what the question's assumed facts would mean for every project, grouped by
 * the reason that decides (answer first: the projects that could not be applied for, then the count
 * left open). Undefined when the assumption changes no verdict.
 */
export function consequences(turn: Turn, assumed: Profile, was: Profile = turn.state.profile, range?: Range): string | undefined {
  const { guide, lang } = turn;
  const before = check(guide, was);
  const after = check(guide, assumed);
  // A range ("低于3A级") rules a project out, or opens it, only when every value it leaves does so.
  const tried = range ? range.values.map((v) => check(guide, withValue(assumed, range.fact, v))) : [after];
  const sayValue = range && ((f: Fact) => (f === range.fact ? groupWords(range, range.values, rangeSayings(turn, range)) : undefined));
  const out = guide.projectIds.filter((id) => tried.every((r) => r.projects[id].verdict === 'ineligible') && before.projects[id].verdict !== 'ineligible');
  // "如果是A等呢": the verdicts the assumption opens up are changes too, named beside the ones it rules out.
  const opened = guide.projectIds.filter((id) => tried.every((r) => r.projects[id].verdict !== 'ineligible') && before.projects[id].verdict === 'ineligible');
  const depends = guide.projectIds.filter(
    (id) => new Set(tried.map((r) => r.projects[id].verdict === 'ineligible')).size > 1 && !out.includes(id) && !opened.includes(id),
  );
  if (!out.length && !opened.length && !depends.length) return undefined;
  const readings = new Set<number>();
  const groups = byDecidingReason(turn, assumed, after, out, readings, undefined, sayValue);
  const openLines = byDecidingReason(turn, assumed, after, opened, readings, undefined, sayValue).map(({ verdict, ids }) =>
    turn.t(verdict === 'eligible' ? 'whatIf.openedUp' : 'whatIf.openedUnsure', { projects: turn.names(ids) }),
  );
  if (depends.length) openLines.push(turn.t('whatIf.dependsOnValue', { projects: turn.names(depends) }));
  const rest = guide.projectIds.filter((id) => !out.includes(id) && !opened.includes(id) && !depends.includes(id));
  const footnote = renderReadings(guide, readings, lang);
  // "我们如果去年是C等还能报吗" with 一流科普 planned: the plan's projects the assumption leaves alone come first.
  const plannedKept = turn.intendedIds().filter((id) => rest.includes(id));
  const stillOpen = plannedKept.filter((id) => after.projects[id].verdict === 'eligible');
  const planLine = stillOpen.length
    ? [turn.t('whatIf.planStillOpen', { projects: turn.names(stillOpen) })]
    : plannedKept.length
      ? [turn.t('whatIf.planUnaffected', { projects: turn.names(plannedKept) })]
      : [];
  const withNote = (lines: string[]) => (footnote ? [...planLine, ...lines, footnote] : [...planLine, ...lines]).join('\n');
  // Most of the guide ruled out for one reason: say so, and name the few left.
  if (groups.length === 1 && rest.length <= out.length / 3 && !opened.length) {
    const { reason } = groups[0]!;
    return withNote([rest.length ? turn.t('whatIf.allBut', { reason, rest: turn.names(rest) }) : turn.t('whatIf.allOut', { reason })]);
  }
  const lines = [...openLines, ...groups.map(({ reason, ids }) => turn.t('whatIf.someOut', { projects: turn.names(ids), reason }))];
  lines.push(turn.t('whatIf.restUnaffected', { n: rest.length }));
  return withNote(lines);
}

/**
 * An event held on another day: for each project counted from its event (the plan's, the ones named,
 * else all of them), the due day of 会后一个月内, or (READING 13) that an event after the completion
 * day is not part of the programme, with no due date in the next year. Nothing is stored.
 */
function eventWhatIf(turn: Turn, day: EventDay, named: ProjectId[]): true {
  const { guide } = turn;
  const withEvents = eventProjects(guide);
  const pick = (ids: readonly ProjectId[]) => ids.filter((id) => withEvents.includes(id));
  const planned = pick(turn.intendedIds());
  const focus = pick(named).length ? pick(named) : planned.length ? planned : withEvents;
  const date = turn.day(day.date);
  const what = day.part ? turn.t('whatIf.eventPart', { date, part: turn.t(`monthPart.${day.part}`) }) : turn.t('whatIf.eventDate', { date });
  const lines: string[] = [];
  const readings = new Set<number>();
  // One line per outcome: the projects that share a due day (or the same late verdict) together.
  const groups = new Map<string, { ids: ProjectId[]; line: (names: string) => string }>();
  for (const id of focus) {
    const d = afterEventDue(guide, day.date, id);
    if (!d) continue;
    const key = d.late ? `late:${d.late.by.at}:${d.late.by.clause}` : `due:${d.at}:${d.clause}`;
    const group = groups.get(key);
    if (group) {
      group.ids.push(id);
      continue;
    }
    const mark = readingMark(guide, d.reading, turn.lang, readings);
    const late = d.late;
    const line = late
      ? (projects: string) =>
          turn.t('whatIf.eventLate', {
            projects,
            label: (turn.lang === 'en' && late.by.labelEn) || late.by.label,
            at: turn.day(late.by.at.slice(0, 10)),
            clause: late.by.clause,
            mark,
          })
      : (projects: string) =>
          // On the real clock after that day: it has passed, and says so.
          turn.t('whatIf.eventDue', { projects, due: turn.day(d.at!.slice(0, 10)), clause: d.clause, mark }) +
          (parseInstant(d.at!) < turn.ctx.nowMs ? turn.t('whatIf.duePassed') : '');
    groups.set(key, { ids: [id], line });
  }
  for (const { ids, line } of groups.values()) lines.push(line(turn.names(ids)));
  // Answer first: the verdict or the due day, then what was assumed.
  lines.push(turn.t('whatIf.assumed', { what }));
  if (named.length) turn.state.topic = { projects: named, age: 0 };
  const footnote = renderReadings(guide, readings, turn.lang);
  turn.say(footnote ? `${lines.join('\n')}\n${footnote}` : lines.join('\n'));
  return true;
}
