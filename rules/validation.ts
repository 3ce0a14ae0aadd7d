import type { z } from 'zod';
import { profileSchema, type Profile } from './profile.js';

/** `projects.standard.deadlines[0].at` from a zod issue path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(根)';
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; path: string; message: string };

/** One clear Chinese line for the first problem zod found, naming the field. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): { path: string; message: string } {
  const path = formatPath(issue.path);
  const got = valueAt(input, issue.path);
  const shown = got === undefined ? '' : `（收到 ${JSON.stringify(got)?.slice(0, 60)}）`;
  switch (issue.code) {
    case 'unrecognized_keys':
      return { path, message: `未知字段 ${issue.keys.map((k) => (path === '(根)' ? k : `${path}.${k}`)).join('、')}` };
    case 'invalid_type':
      return { path, message: `${path} 类型错误：应为 ${typeName(issue.expected)}${shown}` };
    case 'invalid_value':
      if (issue.values.length > 6) return { path, message: `${path} 不是已知的项目编号${shown}` };
      return { path, message: `${path} 的值无效：须为 ${issue.values.map((v) => JSON.stringify(v)).join(' | ')} 之一${shown}` };
    case 'invalid_union':
      return { path, message: `${path} 无效：须为项目编号（如 "standard"）或 {"project": 项目编号, "count": 正整数}${shown}` };
    case 'too_small':
      return { path, message: `${path} 太小：不能小于 ${String(issue.minimum)}${shown}` };
    case 'too_big':
      return { path, message: `${path} 太大：不能大于 ${String(issue.maximum)}${shown}` };
    default:
      return { path, message: `${path} 无效：${issue.message}${shown}` };
  }
}

export function parseProfile(input: unknown): Parsed<Profile> {
  const result = profileSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, ...describeIssue(result.error.issues[0]!, input) };
}

function typeName(expected: string): string {
  const names: Record<string, string> = { string: '字符串', number: '数字', int: '整数', boolean: '布尔值 true/false', array: '数组', object: '对象' };
  return names[expected] ?? expected;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}
