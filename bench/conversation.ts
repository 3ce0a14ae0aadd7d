import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Conversation } from '../handlers/conversation.js';
import { ChatService } from '../src/chat-service.js';
import { loadGuideFile, loadGuideSearch } from '../src/guide-file.js';
import { createLogger } from '../src/log.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { ms, summarise, type BenchRow } from './stats.js';

const TURNS = [
  '我们是省级学会，去年综合能力评价C等，评估等级4A，年检合格，想报一流学会和标准制定',
  '没有',
  '标准制定什么时候截止',
  '如果我们是B等呢？',
  '科技评估要交什么材料',
  '/profile',
];

/** One conversation turn through the handlers with the SQLite store (state loaded and saved). */
export async function benchTurn(chats = 200): Promise<BenchRow> {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-bench-'));
  const store = await openSqliteStore(dir);
  const guide = loadGuideFile();
  const service = new ChatService(store, new Conversation(guide, loadGuideSearch(guide)), {
    clock: () => Date.parse('2022-05-10T10:00:00+08:00'),
    logger: createLogger({ level: 'silent' }),
  });
  const samples: number[] = [];
  for (let c = 0; c < chats; c++) {
    for (const text of TURNS) {
      const start = performance.now();
      await service.handle({ channel: 'console', chatId: `bench-${c}`, userId: `u${c}`, text });
      samples.push(performance.now() - start);
    }
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const s = summarise(samples.slice(TURNS.length * 5));
  return {
    name: 'conversation turn (handlers + SQLite store)',
    median: ms(s.median),
    p99: ms(s.p99),
    target: '≤ 5 ms p99',
    met: s.p99 <= 5,
    note: `${s.n} turns`,
  };
}
