/** The size budgets of the shipped bundles (gzip -9, as `npm run bench` measures them): run after `npm run build`. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUDGETS, bundleSizes, staticGraph, widgetInitialFiles } from '../../scripts/bundle-sizes.ts';

describe('bundle size budgets', () => {
  it('measures the built bundles', () => {
    assert.ok(existsSync('dist/widget/widget.js'), 'dist/ is missing or incomplete: run `npm run build` before the size budgets');
  });

  for (const [name, { bundle, maxBytes }] of Object.entries(BUDGETS)) {
    it(`${bundle} is at most ${maxBytes} B gzip`, () => {
      const bytes = bundleSizes()[name];
      assert.ok(bytes > 0, `${bundle}: not measured`);
      assert.ok(bytes <= maxBytes, `${bundle} is ${bytes} B gzip, over its budget of ${maxBytes} B by ${bytes - maxBytes} B`);
    });
  }

  it('follows static imports between chunks, transitively, and leaves lazy imports out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-sizes-'));
    try {
      writeFileSync(join(dir, 'main.js'), 'import{a as b}from"./shared-1.js";import"./side.js";const l=()=>import("./lazy.js");export{b,l};');
      writeFileSync(join(dir, 'shared-1.js'), 'export{c as a}from"./deep.js";');
      writeFileSync(join(dir, 'deep.js'), 'const c=1;export{c};');
      writeFileSync(join(dir, 'side.js'), 'import{b}from"./main.js";console.log(b);');
      writeFileSync(join(dir, 'lazy.js'), 'import{b}from"./main.js";export const x=b;');
      assert.deepEqual(staticGraph(dir, 'main.js').sort(), ['deep.js', 'main.js', 'shared-1.js', 'side.js']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("counts the chunks the widget imports statically, not the lazy ones", () => {
    const files = widgetInitialFiles();
    assert.equal(files[0], 'widget.js');
    for (const lazy of ['call-media', 'call-panel', 'host-link', 'transfer-form']) assert.ok(!files.some((f) => f.startsWith(lazy)), `${lazy} is not part of the first load: ${files.join(', ')}`);
  });
});
