import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { GRADES, PROJECT_IDS, type Profile } from '../rules/index.js';
import { newState } from '../handlers/state.js';
import { HttpServer } from '../src/http-server.js';
import { loadGuideFile } from '../src/guide-file.js';
import { StaffService } from '../src/staff-service.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { createSociety, linkChat } from '../src/roster/societies.js';
import { createSignInLink } from '../src/web/auth.js';
import { mountStaffConsole } from '../src/web/console.js';
import { ms, summarise, type BenchRow } from './stats.js';

const SOCIETIES = 2_000;

/** The staff console over HTTP with 2,000 roster societies, 1,500 of them joined by a chat. */
async function benchStaffConsole(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-bench-staff-'));
  const store = await openSqliteStore(dir);
  const guide = loadGuideFile();
  const logger = pino({ level: 'silent' });
  const http = new HttpServer(logger);
  try {
    const now = Date.now();
    for (let i = 0; i < SOCIETIES; i++) {
      const facts: Profile = {
        orgType: 'society',
        evaluationGrade: GRADES[i % 5]!,
        assessmentLevel: i % 6,
        annualInspectionPassed: i % 7 !== 0,
        integrityIssues: i % 50 === 0,
      };
      const s = await createSociety(store, { name: `江苏省第${i}学会`, facts, nowMs: now });
      if (i % 4 === 3) continue;
      const chat = `telegram:${100_000 + i}`;
      const state = newState(now);
      state.profile = {
        ...facts,
        fullTimeStaff: i % 2 === 0,
        intended: [PROJECT_IDS[i % 20]!, PROJECT_IDS[(i * 7) % 20]!].filter((p, k, a) => a.indexOf(p) === k),
      };
      state.societyId = s.id;
      state.name = s.name;
      state.stage = 'done';
      state.lastSeenAt = now - (i % 60) * 86_400_000;
      await store.set(`chat:${chat}`, state);
      await linkChat(store, s.id, chat, now);
    }
    mountStaffConsole(http, {
      store,
      guide,
      publicUrl: 'http://127.0.0.1',
      clock: Date.now,
      staff: new StaffService(store, guide, Date.now),
      logger,
      reminders: { offsetsDays: [7, 3, 1, 0], time: '09:10' },
      botUsername: async () => 'shenbao_bot',
    });
    const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    const link = new URL(await createSignInLink(store, base, 'bench', Date.now()));
    const login = await fetch(`${base}${link.pathname}${link.search}`, { redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    let lastBytes = 0;
    const time = async (path: string, runs: number) => {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r = await fetch(`${base}${path}`, { headers: { cookie } });
        const body = Buffer.from(await r.arrayBuffer());
        samples.push(performance.now() - t0);
        lastBytes = body.length;
        if (r.status !== 200 || body.length < 10_000) throw new Error(`${path} answered ${r.status} (${body.length} bytes)`);
      }
      return { ...summarise(samples.slice(1)), first: samples[0]! }; // the first builds the verdicts the later ones reuse
    };
    const page = await time('/staff/societies?sort=grade&dir=desc', 11);
    const pageBytes = lastBytes;
    const xlsx = await time('/staff/export.xlsx', 4);
    return [
      {
        name: `staff console societies page over HTTP, ${SOCIETIES} societies (${page.n} runs)`,
        median: ms(page.median),
        p99: ms(page.p99),
        target: '≤ 300 ms median',
        met: page.median <= 300,
        note: `first request ${ms(page.first)}; ${Math.round(pageBytes / 1024)} KB (paginated, 100 a page)`,
      },
      {
        name: `XLSX export of ${SOCIETIES} societies with 20 verdicts each (${xlsx.n} runs)`,
        median: ms(xlsx.median),
        p99: ms(xlsx.p99),
        target: '≤ 2 s median',
        met: xlsx.median <= 2_000,
        note: `first ${ms(xlsx.first)}`,
      },
    ];
  } finally {
    await http.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benches = [{ name: 'staff console', run: benchStaffConsole }];
