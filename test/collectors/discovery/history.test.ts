import { runGit } from '../../../catalog/io/git.ts';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLog, readHistory, suggestOwners, summariseChanges, webUrlOfRemote } from '../../../collectors/discovery/history.ts';
import { commit, git, initRepository } from '../../support/git.ts';
import { tempDirectory, writeTree } from '../../support/temp.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const WINDOW = { maxCommits: 1000, sinceDays: 365, now: NOW };
const TEAM = new Map([['ana@acme.example', 'payments'], ['bilal@acme.example', 'payments'], ['chen@acme.example', 'storefront']]);
const teamOf = (_author: string, email: string) => TEAM.get(email) ?? null;

describe('owner suggestions from a real git history', () => {
	let repo: string;

	beforeAll(async () => {
		repo = await tempDirectory('history-');
		initRepository(repo);
		const day = (offset: number) => new Date(NOW.getTime() - offset * 86_400_000).toISOString();
		for (let index = 0; index < 6; index += 1) await commit(repo, { author: 'Ana Costa', email: 'ana@acme.example', date: day(10 + index), files: { [`payments/file-${index}.go`]: `package p // ${index}\n` } });
		await commit(repo, { author: 'Bilal Khan', email: 'bilal@acme.example', date: day(20), files: { 'payments/b.go': 'package p\n', 'web/b.ts': 'export {};\n' } });
		for (let index = 0; index < 3; index += 1) await commit(repo, { author: 'Chen Wei', email: 'chen@acme.example', date: day(30 + index), files: { [`web/c-${index}.ts`]: `export const c = ${index};\n` } });
		await commit(repo, { author: 'Dana Freelance', email: 'dana@contractor.example', date: day(40), files: { 'web/d.ts': 'export {};\n' } });
		// Outside the 365-day window: must not count.
		for (let index = 0; index < 5; index += 1) await commit(repo, { author: 'Old Timer', email: 'old@acme.example', date: day(500 + index), files: { [`payments/old-${index}.go`]: 'package p\n' } });
		// Hostile names: spaces, quotes, a newline and a leading dash travel through git untouched.
		await commit(repo, { author: 'Chen Wei', email: 'chen@acme.example', date: day(50), files: { 'web/-rf "x" y.ts': 'export {};\n', 'web/new\nline.ts': 'export {};\n' } });
	});

	it('ranks the teams of recent authors per service (ties by name), counting each commit once', async () => {
		const history = await readHistory(runGit, repo, WINDOW);
		if ('skipped' in history) throw new Error(history.skipped);

		const suggestions = suggestOwners({ commits: history.commits, serviceOf: (file) => file.split('/')[0] ?? null, teamOf, windowLabel: 'in the last 365 days' });

		expect(suggestions.get('payments')).toEqual([{ owner: 'payments', confidence: 1, reason: '100% of 7 commits in the last 365 days' }]);
		expect(suggestions.get('web')).toEqual([
			{ owner: 'storefront', confidence: 0.67, reason: '67% of 6 commits in the last 365 days' },
			{ owner: 'dana@contractor.example', confidence: 0.17, reason: '17% of 6 commits in the last 365 days' },
			{ owner: 'payments', confidence: 0.17, reason: '17% of 6 commits in the last 365 days' },
		]);
	});

	it('keeps hostile file names intact', async () => {
		const history = await readHistory(runGit, repo, WINDOW);

		expect('commits' in history && history.commits.flatMap((entry) => entry.files)).toEqual(expect.arrayContaining(['web/-rf "x" y.ts', 'web/new\nline.ts']));
	});

	it('bounds the history by number of commits and by the window, even when dates are out of order', async () => {
		const bounded = await readHistory(runGit, repo, { ...WINDOW, maxCommits: 3 });
		const everything = await readHistory(runGit, repo, { ...WINDOW, sinceDays: 10_000 });

		expect('commits' in bounded && bounded.commits).toHaveLength(1);
		expect('commits' in everything && everything.commits).toHaveLength(17);
	});

	it('gives no suggestions for a shallow clone, and says why', async () => {
		const shallow = path.join(await tempDirectory('shallow-'), 'clone');
		git(path.dirname(shallow), ['clone', '-q', '--depth', '1', `file://${repo}`, shallow]);

		expect(await readHistory(runGit, shallow, WINDOW)).toEqual({ skipped: expect.stringMatching(/^shallow clone/) });
	});

	it('gives no suggestions outside git or in a subdirectory of a repository', async () => {
		const plain = await tempDirectory('plain-');
		await writeTree(plain, { 'a.txt': 'a' });

		expect(await readHistory(runGit, plain, WINDOW)).toEqual({ skipped: 'not a git repository' });
		expect(await readHistory(runGit, path.join(repo, 'payments'), WINDOW)).toEqual({ skipped: expect.stringMatching(/subdirectory of a git repository/) });
	});
});

describe('parseLog', () => {
	it('reads hashes, authors, subjects and NUL-separated file names', () => {
		expect(parseLog('\u001eaaa1\u001fAnn A\u001fa@x\u001f1700000000\u001fFix <b>cart</b>\u0000\nsvc/a b.txt\u0000svc/c\u0000\u001ebbb2\u001fBob\u001fb@x\u001f1700000001\u001f\u0000')).toEqual([
			{ hash: 'aaa1', subject: 'Fix <b>cart</b>', author: 'Ann A', email: 'a@x', time: 1_700_000_000_000, files: ['svc/a b.txt', 'svc/c'] },
			{ hash: 'bbb2', subject: '', author: 'Bob', email: 'b@x', time: 1_700_000_001_000, files: [] },
		]);
	});
});

describe('past changes per service', () => {
	const day = (offset: number) => NOW.getTime() - offset * 86_400_000;
	const commit = (hash: string, author: string, offset: number, files: string[]) => ({ hash, subject: `change ${hash}`, author, email: `${author}@x`, time: day(offset), files });

	it('gives the last change, commits in 30 and 90 days, top contributors and the last commits, newest first', () => {
		const commits = [commit('c3', 'Ana', 5, ['api/a.go', 'api/b.go']), commit('c2', 'Bo', 40, ['api/c.go', 'web/x.ts']), commit('c1', 'Ana', 120, ['api/d.go']), commit('c0', 'Cy', 200, ['docs/readme.md'])];
		const changes = summariseChanges(commits, (file) => (file.startsWith('api/') ? 'api' : file.startsWith('web/') ? 'web' : null), NOW);

		expect(changes.get('api')).toEqual({
			lastChange: { date: new Date(day(5)).toISOString(), commit: 'c3' },
			commits30d: 1,
			commits90d: 2,
			contributors: [{ name: 'Ana', commits: 2 }, { name: 'Bo', commits: 1 }],
			recent: [
				{ commit: 'c3', subject: 'change c3', author: 'Ana', date: new Date(day(5)).toISOString() },
				{ commit: 'c2', subject: 'change c2', author: 'Bo', date: new Date(day(40)).toISOString() },
				{ commit: 'c1', subject: 'change c1', author: 'Ana', date: new Date(day(120)).toISOString() },
			],
		});
		expect(changes.get('web')?.commits90d).toBe(1);
		expect(changes.has('docs')).toBe(false);
		expect(JSON.stringify([...changes.values()])).not.toContain('@x');
	});

	it.each<[string, string | null]>([
		['git@github.com:acme/shop.git', 'https://github.com/acme/shop'],
		['https://github.com/acme/shop.git', 'https://github.com/acme/shop'],
		['https://x-access-token:ghs_secret@github.com/acme/shop', 'https://github.com/acme/shop'],
		['ssh://git@gitlab.example.com:2222/group/sub/shop.git', 'https://gitlab.example.com/group/sub/shop'],
		['/srv/git/shop.git', null],
		['file:///srv/git/shop', null],
		['', null],
		['javascript:alert(1)//x/y', null],
	])('the web address of the remote %j is %j, never with credentials', (remote, url) => {
		expect(webUrlOfRemote(remote)).toBe(url);
	});
});
