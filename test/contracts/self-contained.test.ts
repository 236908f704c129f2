// A plain `git clone` of this repository must pass its own tests: nothing the tests, scripts or
// README use may live outside it (a user's clone has no ../shared).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { globby } from 'globby';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/temp.ts';

it('no test, script, CI step or README points outside the repository', async () => {
	const files = await globby(['test/**/*.{ts,mjs,js}', 'src/**/*.{ts,mjs,astro}', 'collectors/**/*.ts', '.ci/run', 'package.json', 'README.md', 'astro.config.mjs'], { cwd: PROJECT_ROOT, dot: true, ignore: ['test/fixtures/**', 'test/contracts/self-contained.test.ts'] });
	const outside: string[] = [];

	for (const file of files) {
		const text = await readFile(path.join(PROJECT_ROOT, file), 'utf8');
		for (const [line, content] of text.split('\n').entries()) {
			const where = `${file}:${line + 1}: ${content.trim()}`;
			if (/\.\.\/shared\b|\/work\/shared|PROJECT_ROOT, ['"`]\.\./.test(content)) outside.push(where);
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
