import { Eta } from 'eta';

/**
 * The staff console's pages: eta templates that escape every `<%= %>` by default. `<%~ %>` (raw)
 * is used only for the layout's body, itself rendered by these templates.
 */
export const eta = new Eta({ autoEscape: true, cache: true, useWith: false });

const CSS = `
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#1f3a5f;color:#fff;padding:.6rem 1rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none}header a.on{font-weight:bold;text-decoration:underline}
header form{margin-left:auto}main{padding:1rem;max-width:1400px}
table{border-collapse:collapse;background:#fff;width:100%;font-size:14px}th,td{border:1px solid #d9dde3;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f5}th a{color:inherit}.num{text-align:right}.muted{color:#667}.err{color:#b00020}.ok{color:#0a7a32}
.card{background:#fff;border:1px solid #d9dde3;padding:.8rem 1rem;margin:.8rem 0}.filters{display:flex;gap:.5rem;flex-wrap:wrap;align-items:end}
label{display:block;font-size:13px;color:#445}input,select,textarea,button{font:inherit}textarea{width:100%;min-height:8rem}
button{background:#1f3a5f;color:#fff;border:0;padding:.35rem .9rem;cursor:pointer}button.secondary{background:#667}
.eligible{color:#0a7a32}.ineligible{color:#b00020}.unknown{color:#8a5a00}.bar{fill:#4a78b0}.quota{stroke:#b00020;stroke-width:2}
pre{white-space:pre-wrap;background:#fff;border:1px solid #d9dde3;padding:.6rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem;margin:.8rem 0}
.tile{display:block;background:#fff;border:1px solid #d9dde3;padding:.6rem .8rem;color:inherit;text-decoration:none}
.tile strong{display:block;font-size:1.6rem}.tile.warn strong{color:#b00020}.plan{white-space:nowrap}
svg{max-width:100%;height:auto}main{box-sizing:border-box}pre,td{overflow-wrap:anywhere}
@media (max-width:700px){main{padding:.5rem}header{gap:.6rem}
table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:auto}table.cards thead{display:none}
table.cards tr{background:#fff;border:1px solid #d9dde3;margin:.5rem 0;padding:.3rem}table.cards td{border:0;padding:.15rem .3rem}
table.cards td[data-label]::before{content:attr(data-label) "：";color:#667}
.plot{overflow-x:auto}.plot svg{max-width:none}}
`;

eta.loadTemplate(
  '@layout',
  `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title><%= it.title %> · 申报助手工作人员控制台</title><style nonce="<%= it.nonce %>">${CSS}</style></head>
<body><header><strong>申报助手 · 工作人员控制台</strong>
<% if (it.user) { %>
<% for (const [href, label] of [['/staff/societies','学会'],['/staff/overview','概览'],['/staff/broadcasts','群发通知'],['/staff/reminders','即将提醒'],['/staff/import','名单导入'],['/staff/audit','审计日志']]) { %>
<a href="<%= href %>"<% if (it.active === href) { %> class="on"<% } %>><%= label %></a><% } %>
<form method="post" action="/staff/logout"><input type="hidden" name="_csrf" value="<%= it.csrf %>"><span><%= it.user %></span> <button class="secondary" type="submit">退出</button></form>
<% } %></header>
<main><h1><%= it.title %></h1>
<%~ it.body %>
</main></body></html>`,
);

eta.loadTemplate(
  '@signin',
  `<div class="card"><p><%= it.message %></p>
<p>工作人员控制台需要登录。获取一次性登录链接（10分钟内有效，只能使用一次）：</p>
<ul><li>在 Telegram 或飞书中，用工作人员账号私聊机器人，发送 <code>/web</code>；</li>
<li>或在服务器上运行 <code>npm run -s cli -- staff-link</code>。</li></ul>
<p class="muted">登录后 12 小时内有效；退出或过期后需重新获取链接。</p></div>`,
);

eta.loadTemplate('@error', `<div class="card err"><p><%= it.message %></p></div><p><a href="<%= it.back %>">返回</a></p>`);

eta.loadTemplate(
  '@audienceFields',
  `<div><label>收件范围<select name="kind" id="kind">
<% for (const o of it.kinds) { %><option value="<%= o.value %>"<% if (o.value === it.sel.kind) { %> selected<% } %>><%= o.label %></option><% } %></select></label></div>
<div><label>项目（按项目筛选时）<select name="project" id="project"><option value="">—</option>
<% for (const p of it.projects) { %><option value="<%= p.id %>"<% if (p.id === it.sel.project) { %> selected<% } %>><%= p.name %></option><% } %></select></label></div>
<div><label>等级（按等级筛选时）<select name="grade" id="grade"><option value="">—</option>
<% for (const g of ['A','B','C','D','none']) { %><option value="<%= g %>"<% if (g === it.sel.grade) { %> selected<% } %>><%= g === 'none' ? '未参加' : g + '等' %></option><% } %></select></label></div>`,
);

eta.loadTemplate(
  '@societies',
  `<form class="card filters" method="get" action="/staff/societies">
<div><label>搜索学会名称<input type="search" name="q" value="<%= it.q %>"></label></div>
<%~ include('@audienceFields', it.audienceForm) %>
<input type="hidden" name="sort" value="<%= it.sort %>"><input type="hidden" name="dir" value="<%= it.dir %>">
<div><button type="submit">筛选</button> <a href="/staff/societies">清除</a></div>
<div class="muted">导出当前列表：<a id="export-xlsx" href="/staff/export.xlsx<%= it.exportQuery %>">XLSX</a> · <a id="export-csv" href="/staff/export.csv<%= it.exportQuery %>">CSV</a></div></form>
<% if (it.filterError) { %><p class="err"><%= it.filterError %></p><% } %>
<p id="count">共 <strong><%= it.matched %></strong> 个学会<% if (it.filtered) { %>（<%= it.audienceText %>）<% } %>，总计 <%= it.total %> 个。</p>
<table id="societies" class="cards"><thead><tr>
<% for (const c of it.columns) { %><th><% if (c.sort) { %><a href="<%= c.href %>"><%= c.label %><%= c.mark %></a><% } else { %><%= c.label %><% } %></th><% } %>
</tr></thead><tbody>
<% for (const r of it.rows) { %><tr>
<td><a href="/staff/society?id=<%= encodeURIComponent(r.key) %>"><%= r.name %></a><% if (!r.inRoster) { %> <span class="muted">（不在名单）</span><% } %><% if (r.disputes) { %> <strong class="err dispute">⚠ 说法不一：<%= r.disputes %></strong><% } %></td>
<td data-label="渠道"><%= r.channels %></td><td data-label="评价等级"><%= r.grade %></td><td data-label="评估等级"><%= r.level %></td>
<td data-label="打算申报" class="planned"><% for (const p of r.glance.planned) { %><span class="plan <%= p.verdict %>"><%= p.mark %><%= p.name %></span> <% } %><% if (!r.glance.planned.length) { %>—<% } %><% if (r.glance.conflict) { %> <strong class="err conflict">⚠ 冲突</strong><% } %></td>
<td data-label="材料" class="checklist"><%= r.checklist === '—' ? '—' : '材料 ' + r.checklist %><% if (r.glance.behind) { %> <strong class="err">落后</strong><% } %></td>
<td data-label="下个截止" class="next"<% if (r.glance.nextLabel) { %> title="<%= r.glance.nextLabel %>"<% } %>><%= r.glance.days === undefined ? '—' : r.glance.days === 0 ? '今天' : r.glance.days + ' 天' %></td>
<td data-label="缺少的信息"><%= r.missing %></td><td data-label="最近活跃"><%= r.lastSeen %></td><td data-label="提醒"><%= r.reminders %></td></tr>
<% } %></tbody></table>
<% if (it.pages > 1) { %><p id="pager"><% if (it.prev) { %><a href="<%= it.prev %>" rel="prev">‹ 上一页</a> <% } %>第 <%= it.page %>/<%= it.pages %> 页（每页 <%= it.perPage %> 个）<% if (it.next) { %> <a href="<%= it.next %>" rel="next">下一页 ›</a><% } %></p><% } %>`,
);

eta.loadTemplate(
  '@society',
  `<div class="card"><p>邀请码：<strong><%= it.code || '—' %></strong><% if (it.telegram) { %> · Telegram 链接：<code><%= it.telegram %></code><% } %><% if (it.code) { %> · 任何渠道（含飞书）：发送 <code>/join <%= it.code %></code><% } %></p>
<p>已接入会话：<%= it.chats || '无（尚未打开机器人，无法送达）' %></p>
<% if (it.contact) { %><p id="contact">名单联系方式：<%= it.contact %></p><% } %>
<% if (it.canRevoke) { %><form method="post" action="/staff/society/revoke"><input type="hidden" name="_csrf" value="<%= it.csrf %>"><input type="hidden" name="id" value="<%= it.id %>"><button type="submit" class="secondary">停用此邀请码并生成新码</button></form><% } %>
<% if (it.revoked.length) { %><p class="muted">已停用的邀请码：<%= it.revoked.join('、') %></p><% } %></div>
<h2>档案与来源</h2><table><thead><tr><th>项目</th><th>值</th><th>来源</th></tr></thead><tbody>
<% for (const f of it.facts) { %><tr><td><%= f.label %></td><td><%= f.value %></td><td><%= f.source %><% if (f.dispute) { %><br><strong class="err dispute">⚠ <%= f.dispute %></strong><% } %></td></tr><% } %></tbody></table>
<h2>打算申报</h2><p><%= it.intended || '尚未选择' %></p>
<% if (it.conflicts.length) { %><h2>限项冲突</h2><ul><% for (const c of it.conflicts) { %><li class="err"><%= c %></li><% } %></ul><% } %>
<h2>各项目判定</h2><table><thead><tr><th>项目</th><th>判定</th><th>理由（条款）</th></tr></thead><tbody>
<% for (const v of it.verdicts) { %><tr><td><%= v.name %></td><td class="<%= v.verdict %>"><%= v.label %></td><td><% for (const r of v.reasons) { %><div><%= r %></div><% } %></td></tr><% } %></tbody></table>
<h2>截止时间（打算申报的项目）</h2><% if (!it.deadlines.length) { %><p class="muted">无</p><% } else { %><table><tbody>
<% for (const d of it.deadlines) { %><tr><td><%= d.at %></td><td><%= d.label %></td><td><%= d.passed ? '已过' : '' %></td></tr><% } %></tbody></table><% } %>
<h2>材料清单<% if (it.checklist.rows.length) { %>（已齐 <%= it.checklist.progress %>，不适用不计）<% } %></h2><% if (!it.checklist.rows.length) { %><p class="muted">尚未选择申报项目</p><% } else { %><table id="checklist"><thead><tr><th>项目</th><th>阶段</th><th>材料（条款）</th><th>状态</th><th>勾选人（时间）</th></tr></thead><tbody>
<% for (const r of it.checklist.rows) { %><tr><td><%= r.project %></td><td><%= r.phase %></td><td><%= r.text %>（<%= r.clause %>）</td><td><%= r.state %></td><td><%= r.by %></td></tr><% } %></tbody></table><% } %>
<h2>已发提醒</h2><% if (!it.reminders.length) { %><p class="muted">无</p><% } else { %><table><tbody>
<% for (const r of it.reminders) { %><tr><td><%= r.at %></td><td><%= r.what %></td><td><%= r.state %></td></tr><% } %></tbody></table><% } %>`,
);

eta.loadTemplate(
  '@broadcasts',
  `<form class="card" method="post" action="/staff/broadcasts/preview">
<input type="hidden" name="_csrf" value="<%= it.csrf %>">
<label>通知内容<textarea name="text" maxlength="3000" required><%= it.text %></textarea></label>
<div class="filters"><%~ include('@audienceFields', it.audienceForm) %></div>
<p>当前范围的收件学会：<strong id="live-count"><%= it.count %></strong> 个</p>
<button type="submit">预览</button></form>
<h2>历史</h2><table><thead><tr><th>时间</th><th>发送人</th><th>范围</th><th>内容</th><th>进度</th><th>状态</th></tr></thead><tbody>
<% for (const j of it.jobs) { %><tr><td><a href="/staff/broadcast?id=<%= j.id %>"><%= j.at %></a></td><td><%= j.who %></td><td><%= j.audience %></td><td><%= j.text %></td><td><%= j.progress %></td><td><%= j.status %></td></tr><% } %>
</tbody></table>
<script nonce="<%= it.nonce %>">
(() => { const f = document.querySelector('form.card'); const out = document.getElementById('live-count');
  const update = async () => { const p = new URLSearchParams({ kind: f.kind.value, project: f.project.value, grade: f.grade.value });
    const r = await fetch('/staff/audience-count?' + p, { credentials: 'same-origin' }); const d = await r.json(); out.textContent = r.ok ? String(d.recipients) : '—'; };
  for (const id of ['kind', 'project', 'grade']) document.getElementById(id).addEventListener('change', update); })();
</script>`,
);

eta.loadTemplate(
  '@broadcastPreview',
  `<div class="card"><p>收件范围：<strong><%= it.audienceText %></strong>（<code><%= it.audience %></code>）</p>
<p>收件学会：<strong id="preview-count"><%= it.recipients %></strong> 个（共 <span id="preview-chats"><%= it.chats %></span> 个会话）<% if (it.inactive) { %>（另有 <%= it.inactive %> 个已失联，不发送）<% } %></p>
<% if (it.list.length) { %><details open><summary>收件名单</summary><table id="preview-list"><thead><tr><th>学会</th><th>会话</th></tr></thead><tbody>
<% for (const r of it.list) { %><tr><td><%= r.society %></td><td><%= r.chats %></td></tr><% } %></tbody></table></details><% } %>
<% if (it.unreachable.length) { %><details open><summary>尚无会话、无法送达的名单学会 <%= it.unreachable.length %> 个</summary><table id="preview-unreachable"><thead><tr><th>学会</th><th>联系方式（名单）</th></tr></thead><tbody>
<% for (const u of it.unreachable) { %><tr><td><%= u.society %></td><td><%= u.contact %></td></tr><% } %></tbody></table></details><% } %>
<p>学会收到的内容：</p><pre id="preview-text"><%= it.preview %></pre>
<% if (it.recipients) { %><form method="post" action="/staff/broadcasts/send">
<input type="hidden" name="_csrf" value="<%= it.csrf %>"><input type="hidden" name="text" value="<%= it.text %>"><input type="hidden" name="audience" value="<%= it.audience %>">
<button type="submit" id="confirm">确认发送</button> <a href="/staff/broadcasts">取消</a></form>
<% } else { %><p class="err">没有符合条件的学会。</p><p><a href="/staff/broadcasts">返回</a></p><% } %></div>`,
);

eta.loadTemplate(
  '@broadcast',
  `<div class="card"><p>发送人：<%= it.who %> · 时间：<%= it.at %> · 范围：<%= it.audience %></p><pre><%= it.text %></pre>
<p>进度：<strong id="progress" data-status="<%= it.status %>"><%= it.progressText %></strong></p></div>
<table id="recipients"><thead><tr><th>学会</th><th>会话</th><th>状态</th><th>说明</th></tr></thead><tbody>
<% for (const r of it.recipients) { %><tr><% if (r.first) { %><td rowspan="<%= r.span %>"><%= r.name %></td><% } %><td><%= r.chat %></td><td class="<%= r.cls %>"><%= r.state %></td><td><%= r.error %></td></tr><% } %></tbody></table>
<% if (it.status !== 'done') { %><script nonce="<%= it.nonce %>">
(() => { const el = document.getElementById('progress');
  const tick = async () => { const r = await fetch('/staff/broadcast/status?id=<%= encodeURIComponent(it.id) %>', { credentials: 'same-origin' });
    if (!r.ok) return; const d = await r.json(); el.textContent = d.text;
    // Finished: the page is drawn again by the server, with every recipient's state (data-status comes from there).
    if (d.status === 'done') location.reload(); else setTimeout(tick, 1000); };
  setTimeout(tick, 1000); })();
</script><% } %>`,
);

eta.loadTemplate(
  '@reminders',
  `<p>今后 <%= it.days %> 天内将发送的截止提醒（由学会档案与指南推算；学会未开启提醒或失联则不发）：共 <%= it.total %> 条，按截止事项分组。</p>
<% for (const g of it.groups) { %><section class="deadline-group"><h2><%= g.label %><% if (g.at) { %>（<%= g.at %> 截止）<% } %> · <%= g.rows.length %> 个学会</h2>
<table class="cards"><thead><tr><th>发送时间</th><th>学会（项目）</th><th>提前</th><th>会话数</th></tr></thead><tbody>
<% for (const r of g.rows) { %><tr><td data-label="发送时间"><%= r.due %></td><td data-label="学会"><%= r.name %></td><td data-label="提前"><%= r.offset %></td><td data-label="会话数"><%= r.chats %></td></tr><% } %></tbody></table></section><% } %>`,
);

eta.loadTemplate(
  '@audit',
  `<table id="audit"><thead><tr><th>时间</th><th>操作</th><th>人员</th><th>详情</th></tr></thead><tbody>
<% for (const e of it.rows) { %><tr><td><%= e.at %></td><td><%= e.action %></td><td><%= e.who %></td><td><%= e.detail %></td></tr><% } %></tbody></table>`,
);

eta.loadTemplate(
  '@import',
  `<form class="card" method="post" action="/staff/import/preview" enctype="multipart/form-data">
<input type="hidden" name="_csrf" value="<%= it.csrf %>">
<p>上传学会名单（CSV 或 XLSX，第 1 行为表头，不超过 <%= it.maxKb %> KB）。列名可用字段名（name、evaluationGrade…）或中文（学会名称、综合能力评价等级、社会组织评估等级、年检、不良记录、专职人员、CN刊号期刊、奖项报备、医学专家人数、往年项目、单位类型）。空单元格表示不知道。</p>
<input type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
<button type="submit">预览</button></form>
<% if (it.message) { %><p class="err"><%= it.message %></p><% } %>`,
);

eta.loadTemplate(
  '@importPreview',
  `<div class="card"><p>文件：<%= it.file %></p>
<p id="summary">将新增 <strong><%= it.imported %></strong> 个学会，更新 <strong><%= it.updated %></strong> 个，未变 <%= it.unchanged %> 个，拒收 <strong><%= it.rejectedRows %></strong> 行。</p>
<% if (it.ignored.length) { %><p class="muted">未识别的列（将忽略）：<%= it.ignored.join('、') %></p><% } %>
<% for (const n of it.notes) { %><p class="err" id="note"><%= n %></p><% } %></div>
<% if (it.rejected.length) { %><h2>被拒收的行</h2><table id="rejected"><thead><tr><th>行号</th><th>字段</th><th>原因</th></tr></thead><tbody>
<% for (const r of it.rejected) { %><tr class="err"><td><%= r.row %></td><td><%= r.field %></td><td><%= r.message %></td></tr><% } %></tbody></table><% } %>
<h2>变化</h2><table id="changes"><thead><tr><th>学会</th><th>类型</th><th>字段</th></tr></thead><tbody>
<% for (const c of it.changes) { %><tr><td><%= c.name %></td><td><%= c.kind %></td><td><%= c.fields %></td></tr><% } %></tbody></table>
<% if (it.imported + it.updated > 0) { %><form method="post" action="/staff/import/apply"><input type="hidden" name="_csrf" value="<%= it.csrf %>"><input type="hidden" name="id" value="<%= it.id %>">
<button type="submit" id="apply">确认导入</button> <a href="/staff/import">取消</a></form><% } else { %><p>没有可导入的内容。<a href="/staff/import">返回</a></p><% } %>`,
);

eta.loadTemplate(
  '@importDone',
  `<div class="card ok"><p id="done">已导入：新增 <%= it.imported %> 个学会，更新 <%= it.updated %> 个，拒收 <%= it.rejectedRows %> 行。</p></div><p><a href="/staff/societies">查看学会</a></p>`,
);

eta.loadTemplate(
  '@overview',
  `<div class="tiles" id="tiles"><% for (const t of it.tiles) { %><a class="tile<%= t.warn && t.value ? ' warn' : '' %>" href="<%= t.href %>"><strong><%= t.value %></strong><%= t.label %></a><% } %></div>
<p>学会 <%= it.total %> 个（名单内 <%= it.inRoster %> 个，已接入机器人 <%= it.joined %> 个）；档案未完成 <%= it.incomplete %> 个。</p>
<h2>各项目打算申报的学会数与限额</h2><div class="plot"><%~ include('@barPlot', it.intentPlot) %></div>
<h2>各项目判定（可以申报／不符合／待确认）</h2><div class="plot"><%~ include('@stackPlot', it.verdictPlot) %></div>
<p class="muted">点击图中的项目，列出相应的学会。</p>`,
);

eta.loadTemplate(
  '@barPlot',
  `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="<%= it.title %>" width="<%= it.width %>" height="<%= it.height %>" viewBox="0 0 <%= it.width %> <%= it.height %>" font-size="12">
<% for (const b of it.bars) { %><a href="<%= b.href %>"><g><title><%= b.tip %></title>
<text x="<%= it.labelWidth - 6 %>" y="<%= b.y + 13 %>" text-anchor="end"><%= b.label %></text>
<rect class="bar" x="<%= it.labelWidth %>" y="<%= b.y + 2 %>" width="<%= b.w %>" height="14"></rect>
<% if (b.quotaX !== undefined) { %><line class="quota" x1="<%= b.quotaX %>" x2="<%= b.quotaX %>" y1="<%= b.y %>" y2="<%= b.y + 18 %>"></line><% } %>
<text x="<%= it.labelWidth + b.w + 4 %>" y="<%= b.y + 13 %>"><%= b.value %><%= b.quotaText %></text></g></a><% } %>
</svg><p class="muted">蓝条：打算申报的学会数；红线：限额（几个项目共用一个限额时，红线画的是共用限额）。</p>`,
);

eta.loadTemplate(
  '@stackPlot',
  `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="<%= it.title %>" width="<%= it.width %>" height="<%= it.height %>" viewBox="0 0 <%= it.width %> <%= it.height %>" font-size="12">
<% for (const b of it.bars) { %><a href="<%= b.href %>"><g><title><%= b.tip %></title>
<text x="<%= it.labelWidth - 6 %>" y="<%= b.y + 13 %>" text-anchor="end"><%= b.label %></text>
<% for (const s of b.segments) { %><rect x="<%= s.x %>" y="<%= b.y + 2 %>" width="<%= s.w %>" height="14" fill="<%= s.color %>"></rect><% } %>
<text x="<%= b.end + 4 %>" y="<%= b.y + 13 %>"><%= b.text %></text></g></a><% } %>
</svg><p class="muted"><span class="eligible">■ 可以申报</span> <span class="ineligible">■ 不符合</span> <span class="unknown">■ 待确认</span></p>`,
);

export function page(name: string, data: object, layout: { title: string; nonce: string; user?: string; csrf?: string; active?: string }): string {
  const body = eta.render(name, data);
  return eta.render('@layout', { ...layout, body });
}
