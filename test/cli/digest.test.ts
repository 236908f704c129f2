// `shipshape digest` on the sample organisation: every format as a golden file (what a CI step
// posts to chat), a team's digest, its errors, and names from descriptors that try to be markup.
// After an intended change of output: UPDATE_GOLDEN=1 npm test, then review the diff.
import { expectGolden } from '../support/golden.ts';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Digest } from '../../src/lib/digest/build.ts';
import { formatDigest } from '../../src/lib/digest/format.ts';
import { PROJECT_ROOT } from '../support/temp.ts';

const BIN = path.join(PROJECT_ROOT, 'src/cli/shipshape.mjs');
const GOLDEN = path.join(PROJECT_ROOT, 'test/cli/golden');
const SITE = 'https://readiness.acme.example/';

function digest(args: string[]) {
	const result = spawnSync(process.execPath, [BIN, 'digest', '--now', '2026-12-01T00:00:00Z', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('shipshape digest', () => {
	it.each<[string, string[], string]>([
		['markdown', ['--site-url', SITE], 'digest.md'],
		['slack', ['--format', 'slack', '--site-url', SITE], 'digest.slack.json'],
		['teams', ['--format', 'teams', '--site-url', SITE], 'digest.teams.json'],
		['json', ['--format', 'json'], 'digest.json'],
		['markdown of one team, without a site address', ['--team', 'fulfilment'], 'digest.fulfilment.md'],
	])('%s matches its golden file', async (_format, args, golden) => {
		const result = digest(args);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		await expectGolden(result.stdout, path.join(GOLDEN, golden));
	});

	it('names the level moves, the expired waiver, the goal at risk and the campaign of the sample', () => {
		const parsed = JSON.parse(digest(['--format', 'json']).stdout) as Digest;
		expect(parsed.sincePrevious).toMatchObject({ since: '2026-11-15', up: [{ service: 'image-resizer', from: 'silver', to: 'gold' }], down: [] });
		expect(parsed.expiredWaivers).toEqual([expect.objectContaining({ service: 'orders-service', check: 'has-tests' })]);
		expect(parsed.goalsAtRisk.map((goal) => goal.id)).toEqual(['tier-1-silver']);
		expect(parsed.campaigns.map((campaign) => campaign.id)).toEqual(['secret-scanning']);
	});

	it.each<[string, string[], RegExp]>([
		['an unknown team', ['--team', 'nope'], /--team "nope" is not in the catalog; its teams are fulfilment, payments, storefront/],
		['a site address that is not http(s)', ['--site-url', 'javascript:alert(1)'], /--site-url "javascript:alert\(1\)" is not an http\(s\) address/],
		['an unknown format', ['--format', 'html'], /argument 'html' is invalid/],
	])('exits 2 on %s', (_case, args, message) => {
		const result = digest(args);
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(message);
	});
});

describe('digest formats with hostile names', () => {
	// A service named by its descriptor like markup or a chat mention stays text in every format.
	const hostile: Digest = {
		title: 'Acme',
		date: '2026-12-01',
		team: null,
		services: 1,
		score: 10,
		levelCounts: { none: 1 },
		sincePrevious: { since: '2026-11-30', up: [], down: [{ service: 'evil', name: '[click](javascript:alert(1)) <!channel> *bold*', from: 'bronze', to: null }], newFailures: [], added: [], removed: [] },
		sinceWeek: { since: null, up: [], down: [], newFailures: [], added: [], removed: [] },
		expiredWaivers: [],
		goalsAtRisk: [],
		campaigns: [],
	};

	it.each([
		['markdown', (text: string) => expect(text).toContain('\\[click\\](javascript:alert(1)) \\<!channel\\> \\*bold\\*')],
		['slack', (text: string) => expect(JSON.parse(text).blocks[2].text.text).toContain('[click](javascript:alert(1)) &lt;!channel&gt; *bold*')],
		['teams', (text: string) => expect(JSON.parse(text).attachments[0].content.body[3].text).toContain('\\[click\\]\\(javascript:alert\\(1\\)\\) <!channel\\> \\*bold\\*')],
	] as const)('%s escapes them', (format, check) => {
		check(formatDigest(hostile, format, null));
	});
});
