import semver from 'semver';
import { z } from 'zod';
import type { RepoFilesFacts } from '../../../../catalog/schema/facts.ts';
import { defineEvaluator } from '../model.ts';
import { judgeAll, type ItemVerdict } from './judge-all.ts';

const FRAMEWORKS_FACT = 'repo-files.frameworks';

/** Oldest versions still acceptable, by framework name; set them in the check's options. */
export const DEFAULT_MINIMUM_VERSIONS: Readonly<Record<string, string>> = {
	'Node.js': '20.0.0',
	Express: '4.19.0',
	'Spring Boot': '3.2.0',
	Django: '4.2.0',
	Flask: '3.0.0',
	Go: '1.22.0',
	'.NET': '8.0.0',
	'ASP.NET Core': '8.0.0',
	Rails: '7.1.0',
};

export const frameworkUpToDate = defineEvaluator({
	meta: {
		name: 'framework-up-to-date',
		description: 'Every framework the service uses meets the minimum version set for it, read from the lockfile when there is one and otherwise from the lowest version the manifest allows.',
		requires: [FRAMEWORKS_FACT],
		options: z.strictObject({
			minimums: z
				.record(z.string(), z.string().refine((value) => semver.coerce(value) !== null, 'Not a version.'))
				.default({ ...DEFAULT_MINIMUM_VERSIONS })
				.meta({ description: 'Minimum version per framework name (as the frameworks fact names them).' }),
		}),
		messages: {
			none: 'The service uses no framework with a minimum version.',
			failing: '{{failing}} of {{total}} frameworks are older than their minimum: {{names}}.',
			undetermined: 'The version of {{undetermined}} of {{total}} frameworks could not be told: {{names}}.',
			passing: 'All {{total}} frameworks meet their minimum version.',
		},
	},
	evaluate({ facts, options }) {
		const frameworks = facts.get(FRAMEWORKS_FACT) as RepoFilesFacts['frameworks'];
		const verdicts: ItemVerdict[] = [];
		for (const framework of frameworks) {
			const minimum = options.minimums[framework.name];
			if (minimum === undefined) continue;
			const version = versionOf(framework.resolved, framework.declared);
			const ok = version === null ? null : semver.gte(version, semver.coerce(minimum)!);
			verdicts.push({
				ok,
				evidence: { file: framework.lockfile ?? framework.file, detail: `${framework.name} ${version?.version ?? framework.declared ?? 'unknown'} (minimum ${minimum})${framework.resolved === null ? ', from the manifest range' : framework.lockfile ? `, locked in ${framework.lockfile}` : ''}` },
			});
		}
		return judgeAll(verdicts);
	},
});

/** The resolved version, else the lowest version a manifest range allows (`^4.19.2` → 4.19.2). */
function versionOf(resolved: string | null, declared: string | null): semver.SemVer | null {
	if (resolved !== null) return semver.coerce(resolved);
	if (declared === null) return null;
	const range = declared.replace(/^~>\s*/, '~').replace(/^==\s*/, '');
	try {
		return semver.minVersion(range) ?? semver.coerce(declared);
	} catch {
		return semver.coerce(declared);
	}
}
