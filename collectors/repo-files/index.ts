import { RepoFilesFacts } from '../../catalog/schema/facts.ts';
import type { Evidence } from '../../catalog/schema/common.ts';
import { mapLimited, READ_CONCURRENCY } from '../lib/files.ts';
import { defineCollector, type CollectorProblem } from '../types.ts';
import { hasRustInlineTests, isDockerfile, isReadme, isTestFile, parseDockerfile } from './extract.ts';

/** Facts from the files under each service root: README, tests, languages, Dockerfiles. */
export const repoFilesCollector = defineCollector({
	id: 'repo-files',
	version: 1,
	description: 'README, tests, languages and Dockerfiles found in each service directory.',
	facts: RepoFilesFacts,
	async collect({ services, serviceFiles, repoRoot, readFile }) {
		const facts = new Map<string, RepoFilesFacts>();
		const evidence = new Map<string, Record<string, Evidence[]>>();
		const problems: CollectorProblem[] = [];
		const perService = await mapLimited(services, READ_CONCURRENCY, async (service) => {
			const files = serviceFiles.get(service.id) ?? [];
			const readme = files.find((file) => isReadme(file, service.path));
			let tests = files.filter(isTestFile);
			if (tests.length === 0) {
				for (const file of files.filter((candidate) => candidate.endsWith('.rs'))) {
					const content = await readFile(repoRoot, file).catch(() => '');
					if (hasRustInlineTests(content)) {
						tests = [file];
						break;
					}
				}
			}
			const dockerfiles: RepoFilesFacts['dockerfiles'] = [];
			for (const file of files.filter(isDockerfile)) {
				try {
					dockerfiles.push({ path: file, ...parseDockerfile(await readFile(repoRoot, file)) });
				} catch (error) {
					problems.push({ serviceId: service.id, file, message: (error as Error).message });
				}
			}
			const value: RepoFilesFacts = { hasReadme: readme !== undefined, hasTests: tests.length > 0, languages: service.languages, dockerfiles };
			return { id: service.id, value, hasReadme: readme === undefined ? [] : [{ file: readme }], hasTests: tests.slice(0, 3).map((file) => ({ file })) };
		});
		for (const { id, value, hasReadme, hasTests } of perService) {
			facts.set(id, value);
			evidence.set(id, { hasReadme, hasTests });
		}
		return { facts, evidence, problems };
	},
});
