// A plain `git clone` of this repository must pass its own tests: nothing the tests, scripts or
// README use may live outside it (a user's clone has nothing beside it).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { globby } from 'globby';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/temp.ts';

it('no test, script, CI step or README points outside the repository', async () => {
	const files = await globby(['test/**/*.{ts,mjs,js}', 'src/**/*.{ts,mjs,astro}', 'collectors/**/*.ts', '.ci/run', 'package.json', 'README.md', 'astro.config.mjs'], { cwd: PROJECT_ROOT, dot: true, ignore: ['test/fixtures/**', 'test/contracts/self-contained.test.ts'] });
	const outside: string[] = [];
	// Whatever lies beside this checkout (in CI, a read-only folder of inputs), named by absolute path or
	// as `../<name>` (a name that is also a directory inside the repository is an ordinary import).
	const parent = path.dirname(path.resolve(PROJECT_ROOT));
	const inside = new Set(files.flatMap((file) => path.dirname(file).split('/')));
	const siblingNames = (await readdir(parent)).filter((name) => name !== path.basename(path.resolve(PROJECT_ROOT)));
	const siblings = siblingNames.map((name) => `${parent}/${name}`);
	const relativeSiblings = siblingNames.filter((name) => !inside.has(name)).map((name) => `../${name}/`);

	for (const file of files) {
		const text = await readFile(path.join(PROJECT_ROOT, file), 'utf8');
		for (const [line, content] of text.split('\n').entries()) {
			const where = `${file}:${line + 1}: ${content.trim()}`;
			if ([...siblings, ...relativeSiblings].some((sibling) => content.includes(sibling)) || /PROJECT_ROOT, ['"`]\.\./.test(content)) outside.push(where);
			// Relative paths in strings (imports, fixtures) must resolve inside the repository.
			for (const [, relative] of content.matchAll(/['"`](\.\.?\/[^'"`$]*)['"`]/g)) {
				const resolved = path.resolve(PROJECT_ROOT, path.dirname(file), relative!);
				if (resolved !== PROJECT_ROOT.replace(/\/$/, '') && !resolved.startsWith(PROJECT_ROOT)) outside.push(where);
			}
		}
	}

	expect(outside).toEqual([]);
	expect(files.length).toBeGreaterThan(100);
});
