/** Training the kind classifier: deterministic, never shown a held-out row, and the committed model is the one the data gives. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHeldOut } from '../../handlers/understanding/kinds.js';
import { loadKindExamples, projectRoot } from '../../src/training/kinds-data.js';
import { KIND_MODEL, kindModelJson, trainKindModel } from '../../src/training/train-kinds.js';

const examples = loadKindExamples();

describe('trainKindModel', () => {
  it('holds out about one row in five, by its text', () => {
    const held = examples.filter((e) => e.heldOut).length / examples.length;
    expect(held).toBeGreaterThan(0.15);
    expect(held).toBeLessThan(0.25);
    expect(isHeldOut(' 合格 ')).toBe(isHeldOut('合格'));
  });

  it('never learns from a held-out row: changing their labels changes nothing', () => {
    const relabelled = examples.map((e) => (e.heldOut ? { ...e, kind: e.kind === 'offtopic' ? ('ack' as const) : ('offtopic' as const) } : e));
    expect(kindModelJson(trainKindModel(relabelled))).toBe(kindModelJson(trainKindModel(examples)));
  });

  it('is the committed model (the build retrains it when the data changes)', () => {
    expect(readFileSync(join(projectRoot(), KIND_MODEL), 'utf8')).toBe(kindModelJson(trainKindModel(examples)));
  });

  it('maps the corpus labels onto the kinds', () => {
    const byText = (text: string) => examples.find((e) => e.text === text)?.kind;
    expect(byText('假如我们是C等，能报一流学会吗')).toBe('whatif');
    expect(byText('合同还没盖章')).toBe('checklist');
    expect(byText('我们是省级学会，B等，4A')).toBe('fact');
  });
});
