/**
 * handlers/ and rules/ know nothing of the platforms and touch nothing outside: no chat SDK, no
 * Node built-in (files, network, processes), no store or logger, no environment, and no clock of
 * their own (the time comes in as `nowMs`). The adapters in src/ do all of that.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PURE_DIRS = ['handlers', 'rules'];

/** Packages that belong to a platform or to the outside world. */
const PLATFORM =
  /^(?:(?:grammy|better-sqlite3|keyv|pino|dotenv|undici|axios|node-fetch|ws|express|fastify|redis|ioredis)(?:\/|$)|@grammyjs\/|@larksuiteoapi\/|@keyv\/)/;
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Comments and string contents blanked, so a word in a comment or a message is not code. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
    .replace(/`(?:\\.|[^`\\])*`/g, '``')
    .replace(/'(?:\\.|[^'\\\n])*'/g, "''")
    .replace(/"(?:\\.|[^"\\\n])*"/g, '""');
}

function importsOf(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.push(m[1]!);
  return specs;
}

function violations(file: string, source: string, opts: { clock: boolean }): string[] {
  const found: string[] = [];
  for (const spec of importsOf(source)) {
    if (BUILTINS.has(spec) || spec.startsWith('node:')) found.push(`imports the Node built-in "${spec}"`);
    else if (PLATFORM.test(spec)) found.push(`imports the platform package "${spec}"`);
    else if (spec.startsWith('.')) {
      const target = relative(ROOT, resolve(dirname(file), spec));
      if (!PURE_DIRS.some((d) => target === d || target.startsWith(`${d}/`))) found.push(`imports "${spec}" from outside handlers/ and rules/`);
    }
  }
  const code = codeOnly(source);
  if (/\bprocess\s*\.\s*(env|argv|exit|cwd|stdout|stderr|stdin|on)\b/.test(code) || /\bprocess\s*\[/.test(code)) found.push('uses process');
  if (/\brequire\s*\(/.test(code)) found.push('uses require()');
  if (/\bimport\s*\(/.test(code)) found.push('uses a dynamic import()');
  if (opts.clock) {
    if (/\bDate\s*\.\s*now\s*\(/.test(code)) found.push('reads the clock with Date.now() (pass nowMs in)');
    if (/\bnew\s+Date\s*\(\s*\)/.test(code)) found.push('reads the clock with new Date() (pass nowMs in)');
    if (/\bperformance\s*\.\s*now\s*\(/.test(code)) found.push('reads the clock with performance.now()');
  }
  if (/\b(setTimeout|setInterval|setImmediate)\s*\(/.test(code)) found.push('schedules timers');
  if (/\bfetch\s*\(/.test(code)) found.push('calls fetch()');
  return found;
}

describe('handlers/ and rules/ are pure', () => {
  const files = PURE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d)));

  it('finds the sources', () => {
    expect(files.some((f) => f.includes(`handlers${'/'}conversation.ts`))).toBe(true);
    expect(files.some((f) => f.includes(`rules${'/'}check.ts`))).toBe(true);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s', (_name, file) => {
    expect(violations(file, readFileSync(file, 'utf8'), { clock: true })).toEqual([]);
  });
});

describe('the purity check itself', () => {
  const file = join(ROOT, 'handlers', 'example.ts');
  const check = (source: string) => violations(file, source, { clock: true });

  it.each([
    ["import { Bot } from 'grammy';", 'platform package "grammy"'],
    ["import type { Context } from 'grammy';", 'platform package "grammy"'],
    ["import * as lark from '@larksuiteoapi/node-sdk';", 'platform package "@larksuiteoapi/node-sdk"'],
    ["import { readFileSync } from 'node:fs';", 'Node built-in "node:fs"'],
    ["import fs from 'fs';", 'Node built-in "fs"'],
    ["import { createServer } from 'node:http';", 'Node built-in "node:http"'],
    ["import https from 'https';", 'Node built-in "https"'],
    ["import net from 'node:net';", 'Node built-in "node:net"'],
    ["import { spawn } from 'child_process';", 'Node built-in "child_process"'],
    ["export { x } from 'node:fs/promises';", 'Node built-in "node:fs/promises"'],
    ["const fs = require('fs');", 'uses require()'],
    ["const m = await import('grammy');", 'uses a dynamic import()'],
    ["import { openSqliteStore } from '../src/store/sqlite-store.js';", 'from outside handlers/ and rules/'],
    ['const token = process.env.TELEGRAM_BOT_TOKEN;', 'uses process'],
    ['const now = Date.now();', 'Date.now()'],
    ['const today = new Date();', 'new Date()'],
    ['setTimeout(() => {}, 10);', 'schedules timers'],
  ])('catches %s', (source, message) => {
    expect(check(source).join('\n')).toContain(message);
  });

  it('lets pure code through', () => {
    expect(
      check(
        [
          "import { z } from 'zod';",
          "import type { Guide } from '../rules/index.js';",
          "import { parse } from './parse.js';",
          '// Date.now() is never called here; process.env neither',
          "const label = 'node:fs and new Date() in a string are just text';",
          'const d = new Date(Date.UTC(2022, 4, 10));',
          'const later = new Date(nowMs + 1000);',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});
