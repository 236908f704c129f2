import path from 'node:path';
import { RepoFilesFacts } from '../../catalog/schema/facts.ts';
import type { Evidence } from '../../catalog/schema/common.ts';
import { mapLimited, READ_CONCURRENCY } from '../lib/files.ts';
import { defineCollector, type CollectorContext, type CollectorProblem } from '../types.ts';
import { hasRustInlineTests, isDockerfile, isReadme, isTestFile, parseDockerfile } from './extract.ts';
import { declaredPackages, LOCKFILES, manifestReader, resolveFromLockfile, type FrameworkUse } from './frameworks.ts';
import { GITLAB_CI_FILE, readGitlabPipeline } from './gitlab-ci.ts';
import { parseWorkflow, WORKFLOW_FILE, workflowReference, type WorkflowSummary } from './workflows.ts';

/** Facts from the files under each service root: README, tests, languages, Dockerfiles. */
export const repoFilesCollector = defineCollector({
	id: 'repo-files',
	version: 4,
	description: 'README, tests, languages, Dockerfiles, CI workflows and frameworks found in each service directory.',
	source: "the repository's files",
	howToEnable: 'Point `repo:` at the monorepo root.',
	facts: RepoFilesFacts,
	async collect({ services, serviceFiles, repoRoot, repoFiles, readFile }) {
		const facts = new Map<string, RepoFilesFacts>();
		const evidence = new Map<string, Record<string, Evidence[]>>();
		const problems: CollectorProblem[] = [];
		const workflows = await readWorkflows(repoFiles, repoRoot, readFile, problems);
		const repoFileSet = new Set(repoFiles);
		const perService = await mapLimited(services, READ_CONCURRENCY, async (service) => {
			const files = serviceFiles.get(service.id) ?? [];
			const servicePath = service.path;
			const readme = servicePath === null ? undefined : files.find((file) => isReadme(file, servicePath));
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
			const ciWorkflows = workflows
				.map((workflow) => ({ workflow, via: servicePath === null ? null : workflowReference(workflow, servicePath, files) }))
				.filter((entry): entry is { workflow: WorkflowSummary; via: NonNullable<RepoFilesFacts['ciWorkflows'][number]['via']> } => entry.via !== null)
				.map(({ workflow, via }) => ({ file: workflow.file, name: workflow.name, via, runsTests: workflow.runsTests, buildsImage: workflow.buildsImage, scanners: workflow.scanners }));
			const { frameworks, packages } = await readFrameworks(service.id, files, repoFileSet, repoRoot, readFile, problems);
			const value: RepoFilesFacts = { hasReadme: readme !== undefined, hasTests: tests.length > 0, languages: service.languages, dockerfiles, ciWorkflows, frameworks, packages };
			return {
				id: service.id,
				value,
				evidence: {
					hasReadme: readme === undefined ? [] : [{ file: readme }],
					hasTests: tests.slice(0, 3).map((file) => ({ file })),
					ciWorkflows: ciWorkflows.map((workflow) => ({ file: workflow.file, detail: `${workflow.name} (${workflow.via})` })),
					frameworks: frameworks.map((framework) => ({ file: framework.file, detail: `${framework.name} ${framework.resolved ?? framework.declared ?? ''}`.trim() })),
				},
			};
		});
		for (const { id, value, evidence: byFact } of perService) {
			facts.set(id, value);
			evidence.set(id, byFact);
		}
		return { facts, evidence, problems };
	},
});

async function readWorkflows(repoFiles: readonly string[], repoRoot: string, readFile: CollectorContext['readFile'], problems: CollectorProblem[]): Promise<WorkflowSummary[]> {
	const workflows: WorkflowSummary[] = [];
	for (const file of repoFiles.filter((candidate) => WORKFLOW_FILE.test(candidate))) {
		try {
			const parsed = parseWorkflow(file, await readFile(repoRoot, file));
			if (parsed.workflow !== null) workflows.push(parsed.workflow);
			for (const message of parsed.problems) problems.push({ serviceId: null, file, message });
		} catch (error) {
			problems.push({ serviceId: null, file, message: (error as Error).message });
		}
	}
	if (repoFiles.includes(GITLAB_CI_FILE)) {
		const listed = new Set(repoFiles);
		const gitlab = await readGitlabPipeline(async (file) => {
			if (!listed.has(file)) return null;
			try {
				return await readFile(repoRoot, file);
			} catch (error) {
				problems.push({ serviceId: null, file, message: (error as Error).message });
				return null;
			}
		});
		workflows.push(...gitlab.jobs);
		for (const problem of gitlab.problems) problems.push({ serviceId: null, ...problem });
	}
	return workflows;
}

/** Frameworks from every manifest of the service, with versions from the nearest lockfile (the manifest's directory, then the repository root). */
async function readFrameworks(serviceId: string, files: readonly string[], repoFiles: ReadonlySet<string>, repoRoot: string, readFile: CollectorContext['readFile'], problems: CollectorProblem[]): Promise<{ frameworks: FrameworkUse[]; packages: string[] }> {
	const found: FrameworkUse[] = [];
	const packages = new Set<string>();
	const lockfileTexts = new Map<string, string | null>();
	const lockfileText = async (file: string) => {
		if (!lockfileTexts.has(file)) lockfileTexts.set(file, await readFile(repoRoot, file).catch(() => null));
		return lockfileTexts.get(file) ?? null;
	};
	for (const file of files) {
		const reader = manifestReader(path.posix.basename(file));
		if (reader === null) continue;
		let uses: FrameworkUse[];
		try {
			const text = await readFile(repoRoot, file);
			uses = reader(file, text);
			for (const name of declaredPackages(path.posix.basename(file), text)) packages.add(name);
		} catch (error) {
			problems.push({ serviceId, file, message: `cannot read the manifest: ${(error as Error).message.split('\n')[0]}` });
			continue;
		}
		for (const framework of uses) {
			if (framework.resolved === null) {
				for (const lockfile of LOCKFILES[framework.ecosystem] ?? []) {
					const candidates = [path.posix.join(path.posix.dirname(file), lockfile), lockfile].filter((candidate) => repoFiles.has(candidate));
					for (const candidate of candidates) {
						const text = await lockfileText(candidate);
						const importer = path.posix.relative(path.posix.dirname(candidate), path.posix.dirname(file)) || '.';
						const resolved = text === null ? null : safely(() => resolveFromLockfile(lockfile, text, framework.package, importer, framework.declared));
						if (resolved !== null) {
							framework.resolved = resolved;
							framework.lockfile = candidate;
							break;
						}
					}
					if (framework.resolved !== null) break;
				}
			}
			found.push({ ...framework, lockfile: framework.lockfile ?? null });
		}
	}
	return { frameworks: found.sort((a, b) => (a.name + a.file < b.name + b.file ? -1 : 1)), packages: [...packages].sort() };
}

function safely<T>(read: () => T): T | null {
	try {
		return read();
	} catch {
		return null;
	}
}
