import type { IncomingMessage, ServerResponse } from 'node:http';
import { recordAudit, recordRefusal } from '../audit.js';
import type { HttpServer, Refusal, RouteOptions } from '../http-server.js';
import { csrfOk, endSession, redeemLink, sessionCookie, sessionOf, type Session } from './auth.js';
import { formFields, isHttps, multipart, nonce, redirect, sendHtml } from './http.js';
import { page } from './templates.js';
import { societiesPage, societyPage, overviewPage, revokeAction } from './pages/societies.js';
import { broadcastsPage, broadcastPreview, broadcastSend, broadcastPage, broadcastStatus, audienceCount } from './pages/broadcasts.js';
import { remindersPage, auditPage } from './pages/logs.js';
import { importPage, importPreview, importApply, MAX_UPLOAD } from './pages/import.js';
import { exportFile } from './pages/export.js';

export type { ConsoleDeps, PageContext } from './page-context.js';
import type { ConsoleDeps, PageContext } from './page-context.js';

type Handler = (ctx: PageContext) => Promise<void> | void;

const GET: Record<string, Handler> = {
  '/staff': (c) => redirect(c.res, '/staff/societies'),
  '/staff/societies': societiesPage,
  '/staff/society': societyPage,
  '/staff/overview': overviewPage,
  '/staff/broadcasts': (c) => broadcastsPage(c),
  '/staff/broadcast': broadcastPage,
  '/staff/broadcast/status': broadcastStatus,
  '/staff/audience-count': audienceCount,
  '/staff/reminders': remindersPage,
  '/staff/audit': auditPage,
  '/staff/import': importPage,
  '/staff/export.xlsx': (c) => exportFile(c, 'xlsx'),
  '/staff/export.csv': (c) => exportFile(c, 'csv'),
};

const POST: Record<string, Handler> = {
  '/staff/logout': async (c) => {
    await endSession(c.deps.store, c.session);
    await c.audit('staff:signout');
    redirect(c.res, '/staff/signin?out=1', { 'set-cookie': sessionCookie('', isHttps(c.req, c.deps.publicUrl), 0) });
  },
  '/staff/society/revoke': revokeAction,
  '/staff/broadcasts/preview': broadcastPreview,
  '/staff/broadcasts/send': broadcastSend,
  '/staff/import/preview': importPreview,
  '/staff/import/apply': importApply,
};

/** JSON endpoints answer 401 instead of redirecting to the sign-in page. */
const JSON_PATHS = new Set(['/staff/broadcast/status', '/staff/audience-count']);

/** Uploads parsed at once (each may take a worker with up to a few hundred MB); more wait their turn by retrying. */
export const MAX_UPLOADS_AT_ONCE = 2;

/** Mounts the staff console's routes on the bot's HTTP server (exact paths; ids go in the query). */
export function mountStaffConsole(http: HttpServer, deps: ConsoleDeps): void {
  http.route('GET', '/staff/signin', (req, res) => signinPage(req, res));
  http.route('GET', '/staff/login', (req, res) => login(deps, req, res));
  // The session is checked before a byte of the body is read: an outsider's upload is never
  // buffered, and its connection is closed after the redirect.
  const sessions = new WeakMap<IncomingMessage, Session>();
  const gate =
    (path: string) =>
    async (req: IncomingMessage): Promise<Refusal | undefined> => {
      const now = deps.clock();
      const session = await sessionOf(deps.store, req, now);
      if (session) {
        sessions.set(req, session);
        return undefined;
      }
      const hadCookie = req.headers.cookie?.includes('shenbao_staff=');
      await recordRefusal(deps.store, {
        at: now,
        source: req.socket.remoteAddress ?? 'unknown',
        reason: hadCookie ? 'bad-or-expired-session' : 'no-session',
        path,
        ...(req.method && { method: req.method }),
      });
      if (JSON_PATHS.has(path))
        return { status: 401, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: '未登录' }) };
      return { status: 303, headers: { location: `/staff/signin${hadCookie ? '?expired=1' : ''}`, 'cache-control': 'no-store' }, body: '' };
    };
  for (const [path, handler] of Object.entries(GET))
    http.route('GET', path, (req, res) => guarded(deps, req, res, Buffer.alloc(0), path, handler, false, sessions.get(req)!), { authorize: gate(path) });
  // An upload may be larger than a webhook body: the page, not the server, says it is too large.
  // Uploads have their own small limit, so staff uploads cannot take the memory the webhooks need.
  let uploading = 0;
  const counted = new WeakSet<IncomingMessage>();
  const uploadOpts: RouteOptions = {
    authorize: async (req) => {
      const denied = await gate('/staff/import/preview')(req);
      if (denied) return denied;
      if (uploading >= MAX_UPLOADS_AT_ONCE)
        return { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' }, body: '正在处理其他上传，请稍后重试。' };
      uploading++;
      counted.add(req);
      return undefined;
    },
    finished: (req) => {
      if (counted.delete(req)) uploading--;
    },
    maxBytes: () => MAX_UPLOAD + 128 * 1024,
  };
  for (const [path, handler] of Object.entries(POST))
    http.route(
      'POST',
      path,
      (req, res, body) => guarded(deps, req, res, body, path, handler, true, sessions.get(req)!),
      path === '/staff/import/preview' ? uploadOpts : { authorize: gate(path) },
    );
}

function signinPage(req: IncomingMessage, res: ServerResponse) {
  const n = nonce();
  const params = new URL(req.url ?? '/', 'http://x').searchParams;
  const message = params.has('out') ? '您已退出登录。' : params.has('expired') ? '登录已过期或无效，请重新获取登录链接。' : '请先登录。';
  sendHtml(res, params.has('expired') ? 401 : 200, page('@signin', { message }, { title: '登录', nonce: n }), n);
}

async function login(deps: ConsoleDeps, req: IncomingMessage, res: ServerResponse) {
  const n = nonce();
  const t = new URL(req.url ?? '/', 'http://x').searchParams.get('t') ?? '';
  const now = deps.clock();
  const result = await redeemLink(deps.store, t, now);
  if ('refused' in result) {
    await recordRefusal(deps.store, { at: now, source: req.socket.remoteAddress ?? 'unknown', reason: 'bad-or-used-link', path: '/staff/login' });
    sendHtml(res, 403, page('@signin', { message: '登录链接无效、已使用或已过期（有效期 10 分钟，只能使用一次）。' }, { title: '登录', nonce: n }), n);
    return;
  }
  await recordAudit(deps.store, { at: now, action: 'staff:signin', who: result.user });
  redirect(res, '/staff/societies', { 'set-cookie': sessionCookie(result.session.id, isHttps(req, deps.publicUrl)) });
}

async function guarded(
  deps: ConsoleDeps,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  path: string,
  handler: Handler,
  post: boolean,
  session: Session,
) {
  const n = nonce();
  const who = session.user;
  const ctx: PageContext = {
    deps,
    req,
    res,
    session,
    form: {},
    nonce: n,
    render: (name, title, data, status = 200) =>
      sendHtml(
        res,
        status,
        page(name, { ...data, csrf: session.csrf, nonce: n }, { title, nonce: n, user: who, csrf: session.csrf, active: activeOf(path) }),
        n,
      ),
    audit: (action, detail = {}) => recordAudit(deps.store, { at: deps.clock(), action, who, ...detail }),
  };
  if (post) {
    const upload = await multipart(req, body, MAX_UPLOAD);
    ctx.form = upload ? upload.fields : formFields(body);
    if (upload) ctx.upload = upload;
    if (!csrfOk(session, ctx.form._csrf)) {
      await ctx.audit('staff:refused', { reason: 'csrf', path });
      return ctx.render('@error', '请求被拒绝', { message: '表单已失效（缺少或错误的校验码）。请返回页面刷新后重试。', back: '/staff/societies' }, 403);
    }
  }
  await handler(ctx);
}

function activeOf(path: string): string {
  if (path.startsWith('/staff/broadcast')) return '/staff/broadcasts';
  if (path === '/staff/society') return '/staff/societies';
  if (path.startsWith('/staff/import')) return '/staff/import';
  return path;
}
