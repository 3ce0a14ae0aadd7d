/**
 * "会员之家和发展助力哪个好报", "一流学术学会和一流科普学会有什么区别": two or more projects side by
 * side. What the guide asks of both, what only one asks (each with its clause), how many the province
 * funds, whether they may go together, and, when the profile is known, each verdict.
 */
import { checkProject, evidenceFor, findConflicts, type Guide, type Profile, type ProjectId } from '../rules/index.js';
import type { Translate } from './i18n.js';
import { renderReason } from './render.js';
import type { Lang } from './i18n.js';

interface Requirement {
  text: string;
  clause: string;
}

/** The project's own conditions, then what it must do that answers name by topic (主办方, 场次, 举办地). */
function ownRequirements(guide: Guide, id: ProjectId): Requirement[] {
  const conditions = guide
    .conditionsOf(id)
    .filter((c) => !c.general)
    .map(({ condition: c }) => {
      const r = c as { requirement?: string; text?: string; quote: string; clause: string };
      return { text: r.requirement ?? r.text ?? r.quote, clause: r.clause };
    });
  const musts = guide
    .project(id)
    .prepare.filter((p) => p.topic)
    .map((p) => ({ text: p.text ?? p.quote, clause: p.clause }));
  return [...conditions, ...musts.filter((m) => !conditions.some((c) => c.text === m.text))];
}

/** A passage of the guide, as the search index holds it. */
export interface Passage {
  text: string;
  clause: string;
}

/** Characters of a project's 项目内容 a comparison shows: enough to tell what it is. */
const CONTENT_CHARS = 60;

export function compareProjects(
  guide: Guide,
  ids: readonly ProjectId[],
  t: Translate,
  lang: Lang,
  profile?: Profile,
  contentOf?: (id: ProjectId) => Passage | undefined,
): { answer: string; clauses: string[] } {
  const name = guide.projectName;
  const lines = [t('compare.title', { projects: ids.map(name).join(t('sep.list')) })];
  const clauses: string[] = [];
  // What each is (its 项目内容), in a line: "标准制定跟科技评估有啥区别" is answered by what they are first.
  for (const id of ids) {
    const content = contentOf?.(id);
    if (!content) continue;
    const text = content.text.length > CONTENT_CHARS ? `${content.text.slice(0, CONTENT_CHARS)}…` : content.text;
    lines.push(t('compare.whatIs', { project: name(id), text, clause: content.clause }));
    clauses.push(content.clause);
  }
  const reqs = new Map(ids.map((id) => [id, ownRequirements(guide, id)] as const));
  const inAll = (r: Requirement) => ids.every((id) => reqs.get(id)!.some((o) => o.text === r.text));
  const shared = reqs.get(ids[0]!)!.filter(inAll);
  if (shared.length) lines.push(t('compare.both', { list: shared.map((r) => t('common.cite', { text: r.text, clause: r.clause })).join(t('sep.semi')) }));
  for (const id of ids) {
    const own = reqs.get(id)!.filter((r) => !inAll(r));
    clauses.push(...own.map((r) => r.clause));
    // Nothing of its own to set beside the other's: never "no other requirement" while the project has
    // things to prepare; those are behind 详情.
    const more = guide.project(id).prepare.length > 0;
    lines.push(
      own.length
        ? t('compare.only', { project: name(id), list: own.map((r) => t('common.cite', { text: r.text, clause: r.clause })).join(t('sep.semi')) })
        : t(more ? 'compare.seeDetails' : 'compare.nothingMore', { project: name(id) }),
    );
  }
  // What only one of them asks to hand in when applying (立项截图, 委托协议…).
  const handIn = new Map(ids.map((id) => [id, evidenceFor(guide, id).application] as const));
  for (const id of ids) {
    const own = handIn.get(id)!.filter((item) => !ids.every((other) => handIn.get(other)!.includes(item)));
    if (own.length) lines.push(t('compare.handIn', { project: name(id), list: own.join(t('sep.semi')) }));
  }
  const quotas = ids.map((id) => {
    const q = guide.data.quotas.find((quota) => quota.projects.includes(id));
    return q ? t('compare.quotaOf', { project: name(id), max: q.max }) : undefined;
  });
  if (quotas.every(Boolean)) lines.push(t('compare.quotas', { list: quotas.join(t('sep.semi')) }));
  const conflict = findConflicts(
    guide,
    ids.map((project) => ({ project, count: 1 })),
  )[0];
  if (conflict) {
    clauses.push(conflict.clause);
    lines.push(t('compare.conflict', { text: conflict.text, clause: conflict.clause }));
  }
  const known = profile && Object.keys(profile).some((k) => k !== 'intended');
  if (known) {
    for (const id of ids) {
      const v = checkProject(guide, profile, id);
      const first = v.reasons[0];
      lines.push(
        v.verdict === 'eligible'
          ? t('answer.eligibleProject', { project: name(id) })
          : v.verdict === 'ineligible' && first
            ? t('answer.ineligibleProject', { project: name(id), reason: renderReason(guide, first, { lang, profile }) })
            : t('compare.unknown', { project: name(id) }),
      );
    }
  } else lines.push(t('compare.tellUs'));
  return { answer: lines.join('\n'), clauses: [...new Set(clauses)] };
}
