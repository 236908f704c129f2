// The committed sample catalog is exactly what `npm run build` writes, so that a fresh clone's build
// leaves `git status` clean (and a change that alters collection cannot forget to update it).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { PROJECT_ROOT, tempDirectory } from '../support/temp.ts';
import { treeOf } from '../support/tree.ts';

/** The date `npm run build` pins for the sample (its recorded data's date), read from package.json. */
const PINNED_NOW = /--now (\S+)/.exec(JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts.build)![1]!;

it('npm run build on the sample reproduces the committed catalog byte for byte', async () => {
	const work = await tempDirectory('sample-catalog-');
	const catalog = path.join(work, 'catalog');
	await cp(path.join(PROJECT_ROOT, 'catalog'), catalog, { recursive: true, filter: (source) => !source.includes(`${path.sep}schema`) });
	// An empty catalog would pass trivially: start from one that differs in every generated file.
	await writeFile(path.join(catalog, 'meta.json'), '{}\n');
	const run = (args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs'), ...args, '--config', path.join(PROJECT_ROOT, 'shipshape.config.yaml'), '--catalog', catalog, '--now', PINNED_NOW, '--quiet'], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, GITHUB_TOKEN: '' } });

	const collected = run(['collect']);
	const built = run(['build', '--out', path.join(work, 'site')]);

	expect(collected.status, collected.stderr).toBe(0);
	expect(built.status, built.stderr).toBe(0);
	const generated = (file: string) => !file.startsWith('schema/');
	expect(await treeOf(catalog, (file) => !generated(file))).toEqual(await treeOf(path.join(PROJECT_ROOT, 'catalog'), (file) => !generated(file)));
}, 120_000);
