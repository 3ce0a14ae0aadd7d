import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../log.js';
import { sdkLogger } from './lark-bot.js';

/**
 * The long connection (LARK_MODE=ws) through the SDK's WSClient. `start()` resolves whether
 * or not it connects, and a failed first attempt is retried minutes later in silence, so
 * this waits for the first attempt's outcome and reports it:
 * - connected: logged;
 * - refused for good (bad app id/secret, app without long-connection mode): thrown, so that
 *   start-up fails with the reason;
 * - failed but retrying (network, wrong LARK_DOMAIN): logged as an error with the reason and
 *   what to check; the SDK keeps retrying.
 */

export const APP_ID_PATTERN = /^cli_[0-9a-fA-F]{16}$/;

export interface WsOptions {
  appId: string;
  appSecret: string;
  domain: string;
  logger: Logger;
  dispatcher: lark.EventDispatcher;
  /** How long to wait for the first attempt before carrying on. */
  firstAttemptMs?: number;
}

export interface WsHandle {
  close(): void;
  status(): string;
}

export class LarkStartError extends Error {
  override name = 'LarkStartError';
}

const HINT_ZH = '请检查 LARK_DOMAIN 与网络，以及开发者后台“事件与回调”是否选择了“使用长连接接收事件”';
const HINT_EN = 'check LARK_DOMAIN and the network, and that the app subscribes to events through the long connection';

export async function startWs(opts: WsOptions): Promise<WsHandle> {
  const { logger } = opts;
  if (!APP_ID_PATTERN.test(opts.appId)) {
    // The SDK would log this and return without connecting.
    throw new LarkStartError(
      '飞书长连接无法启动：LARK_APP_ID 应为 cli_ 加 16 位十六进制字符 / Lark long connection cannot start: LARK_APP_ID must be cli_ followed by 16 hex digits',
    );
  }
  let lastError = '';
  type Outcome = { kind: 'ready' } | { kind: 'fatal'; error: Error } | { kind: 'retrying' } | { kind: 'timeout' };
  let settle: (o: Outcome) => void = () => undefined;
  const outcome = new Promise<Outcome>((resolve) => {
    settle = resolve;
  });
  let started = false;

  const ws = new lark.WSClient({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain,
    logger: sdkLogger(logger, (line) => {
      const text = line.replace(/^\[ws\]\s*/, '');
      if (!/^(connect failed|ws connect failed)$/.test(text)) lastError = text;
    }),
    loggerLevel: lark.LoggerLevel.info,
    autoReconnect: true,
    handshakeTimeoutMs: 10_000,
    onReady: () => {
      logger.info({ lark: { mode: 'ws' } }, '飞书长连接已建立 / lark long connection ready');
      settle({ kind: 'ready' });
    },
    onError: (error: Error) => {
      if (started) logger.error({ lark: { mode: 'ws', reason: error.message } }, `飞书长连接已停止：${error.message} / lark long connection gave up`);
      settle({ kind: 'fatal', error });
    },
    onReconnecting: () => logger.warn({ lark: { mode: 'ws' } }, '飞书长连接断开，正在重连 / lark long connection lost, reconnecting'),
    onReconnected: () => logger.info({ lark: { mode: 'ws' } }, '飞书长连接已恢复 / lark long connection re-established'),
  });

  await ws.start({ eventDispatcher: opts.dispatcher });
  // A failed first attempt shows as a scheduled retry.
  const poll = setInterval(() => {
    if (ws.getReconnectInfo().nextConnectTime > 0) settle({ kind: 'retrying' });
  }, 50);
  const timer = setTimeout(() => settle({ kind: 'timeout' }), opts.firstAttemptMs ?? 20_000);
  const result = await outcome;
  clearInterval(poll);
  clearTimeout(timer);
  started = true;

  const handle: WsHandle = {
    close: () => ws.close({ force: true }),
    status: () => ws.getConnectionStatus().state,
  };
  switch (result.kind) {
    case 'ready':
      break;
    case 'fatal':
      handle.close();
      throw new LarkStartError(
        `飞书长连接启动失败：${result.error.message}（请检查 LARK_APP_ID / LARK_APP_SECRET，以及应用是否启用了长连接）/ Lark long connection failed to start: ${result.error.message}`,
      );
    case 'retrying':
      logger.error(
        { lark: { mode: 'ws', reason: lastError || 'connect failed', retrying: true } },
        `飞书长连接启动失败：${lastError || '连接失败'}。SDK 将自动重试；${HINT_ZH} / Lark long connection failed at start-up (${lastError || 'connect failed'}); retrying — ${HINT_EN}`,
      );
      break;
    case 'timeout':
      logger.warn(
        { lark: { mode: 'ws', state: handle.status() } },
        `飞书长连接 ${Math.round((opts.firstAttemptMs ?? 20_000) / 1000)} 秒内未建立，仍在尝试；${HINT_ZH} / Lark long connection not up yet; still trying — ${HINT_EN}`,
      );
      break;
  }
  return handle;
}
