import type { ChannelDeps, ChannelHandle } from './channel.js';
import { LarkBot, sdkLogger } from './lark-bot.js';
import { ButtonCodec } from './lark-buttons.js';
import { larkSender } from './lark-outbound.js';
import { LarkApi } from './lark-sender.js';
import { larkPrecheck, larkWebhookRoute, UNSIGNED_MAX_BYTES } from './lark-webhook.js';
import { MAX_BODY } from '../http-server.js';
import { startWs, type WsHandle } from './lark-ws.js';

export const WEBHOOK_PATH = '/lark/webhook';

export interface LarkChannel extends ChannelHandle {
  bot: LarkBot;
}

/**
 * The Feishu/Lark channel. LARK_MODE=ws (default): the SDK's long connection. webhook:
 * POST /lark/webhook on the shared HTTP server, verified by our own handler, then the same
 * SDK dispatcher. Either way the handlers and the sending are LarkBot's.
 */
export async function startLark(deps: ChannelDeps): Promise<LarkChannel> {
  const cfg = deps.config.lark;
  const logger = deps.logger.child({ channel: 'lark' });
  if (!cfg.appId || !cfg.appSecret) throw new Error('LARK_APP_ID and LARK_APP_SECRET are required for the Lark channel');
  // loadConfig already refuses this; a config built another way must not open an unchecked webhook.
  if (cfg.mode === 'webhook' && (!cfg.encryptKey || !cfg.verificationToken)) {
    throw new Error('LARK_MODE=webhook requires LARK_ENCRYPT_KEY and LARK_VERIFICATION_TOKEN');
  }
  // REDIS_URL: one rate limit for the app shared by every instance, replies before broadcasts.
  const limited = (priority: 'reply' | 'bulk') => (deps.limits ? { limiter: deps.limits.limiter('lark', cfg.appId!, priority) } : {});
  const api = new LarkApi({ appId: cfg.appId, appSecret: cfg.appSecret, domain: cfg.domain, logger, ...limited('reply') });
  const bulkApi = deps.limits ? new LarkApi({ appId: cfg.appId, appSecret: cfg.appSecret, domain: cfg.domain, logger, ...limited('bulk') }) : api;
  const bot = new LarkBot(deps, api, new ButtonCodec(cfg.appSecret), logger, sdkLogger(logger));

  let ws: WsHandle | undefined;
  if (cfg.mode === 'webhook' && cfg.encryptKey && cfg.verificationToken) {
    deps.http.route(
      'POST',
      WEBHOOK_PATH,
      larkWebhookRoute({
        secrets: { encryptKey: cfg.encryptKey, verificationToken: cfg.verificationToken },
        logger,
        dispatch: (event) => bot.dispatch(event),
        accepting: () => bot.accepting,
        now: deps.clock,
      }),
      {
        authorize: (req) => larkPrecheck(req.headers, deps.clock()),
        maxBytes: (req) => (req.headers['x-lark-signature'] === undefined ? UNSIGNED_MAX_BYTES : MAX_BODY),
      },
    );
    logger.info({ lark: { mode: 'webhook', path: WEBHOOK_PATH, domain: cfg.domain } }, 'lark channel ready (webhook)');
  } else {
    ws = await startWs({ appId: cfg.appId, appSecret: cfg.appSecret, domain: cfg.domain, logger, dispatcher: bot.dispatcher });
  }
  void bot.learnIdentity();
  await bot.intake.replay('lark');

  return {
    bot,
    sender: larkSender(bulkApi),
    healthy: () => !ws || ws.status() === 'connected',
    async stop() {
      ws?.close();
      await bot.stop();
    },
  };
}
