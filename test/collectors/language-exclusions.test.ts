// Linguist's vendor, documentation and generated path patterns, combined for speed: the combined
// expression must answer exactly as the plain alternation of the patterns does, on real paths (this
// repository and its node_modules, which hold vendored, minified and generated files of every kind)
// and on paths made to meet each pattern's edges.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { combinedExclusions, linguistData } from '../../collectors/lib/languages.ts';
import { PROJECT_ROOT } from '../support/temp.ts';

function realPaths(limit: number): string[] {
	const paths: string[] = [];
	const walk = (relative: string) => {
		if (paths.length >= limit) return;
		for (const entry of readdirSync(path.join(PROJECT_ROOT, relative), { withFileTypes: true })) {
			const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
			if (entry.name === '.git' || entry.name === 'dist') continue;
			if (entry.isDirectory()) walk(child);
			else paths.push(child);
			if (paths.length >= limit) return;
		}
	};
	walk('');
	return paths;
}

describe('combinedExclusions', () => {
	const { patterns } = linguistData();
	const plain = new RegExp(patterns.map((pattern) => `(?:${pattern})`).join('|'), 'i');
	const combined = combinedExclusions(patterns);

	it('answers as the plain alternation on 60,000 real paths', () => {
		const paths = realPaths(60_000);
		const differing = paths.filter((file) => plain.test(file) !== combined.test(file));

		expect(paths.length).toBeGreaterThan(10_000);
		expect(paths.filter((file) => combined.test(file)).length).toBeGreaterThan(1_000);
		expect(differing).toEqual([]);
	});

	it.each([
		'vendor/lib.js', 'src/vendor/lib.js', 'src/myvendor/lib.js', 'node_modules/a/index.js', 'app.min.js', 'app-min.css', 'types/index.d.ts', 'a.d.ts.map', 'styles/import.scss', 'Third-party/x.c', 'thirdparty/x.c',
		'docs/index.md', 'Documentation/x.md', 'README', 'src/README.md', 'd3.v4.js', 'lib/d3.js', 'x.xctemplate/a', 'Foo.imageset/a.png', 'jquery-1.7.2.js', 'a/jquery.js', 'gradlew', 'dist/app.js', 'services/api/main.go', 'services/web/src/index.ts', '',
	])('agrees on %j', (file) => {
		expect(combined.test(file)).toBe(plain.test(file));
	});
});
