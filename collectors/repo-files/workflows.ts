// Pure reading of GitHub Actions workflows: which services a workflow builds or tests, judged by
// its `paths` filters, working directories, build contexts and commands.
import path from 'node:path';
import picomatch from 'picomatch';
import { arrayAt, isObject, objectAt, type Json } from '../lib/json.ts';
import { parseManifestDocuments } from '../lib/manifest-yaml.ts';

export const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/;

export interface WorkflowSummary {
	file: string;
	name: string;
	pathFilters: string[];
	/** working-directory values and build contexts, normalised relative to the repository root. */
	directories: string[];
	commands: string[];
	runsTests: boolean;
	buildsImage: boolean;
	/** Container image scanners the workflow runs. */
	scanners: string[];
}

export const SCANNERS: readonly [string, RegExp][] = [
	['Trivy', /trivy/i],
	['Grype', /grype|anchore\/scan-action/i],
	['Snyk Container', /snyk(\/actions\/docker|\s+container)/i],
	['Docker Scout', /docker\/scout-action|docker\s+scout/i],
	['Anchore', /anchore/i],
];

export function parseWorkflow(file: string, text: string): { workflow: WorkflowSummary | null; problems: string[] } {
	const { documents, problems } = parseManifestDocuments(text);
	const root = documents[0]?.value;
	if (!isObject(root)) return { workflow: null, problems: problems.map((problem) => `line ${problem}`) };
	// YAML 1.1 reads the key `on` as true in some parsers; accept both.
	const triggers = root.on ?? root.true;
	const pathFilters: string[] = [];
	if (isObject(triggers)) {
		for (const event of ['push', 'pull_request', 'pull_request_target']) {
			const filters = objectAt(triggers, event);
			pathFilters.push(...arrayAt(filters, 'paths').filter((entry): entry is string => typeof entry === 'string'));
		}
	}
	const directories: string[] = [];
	const commands: string[] = [];
	const uses: string[] = [];
	const defaultDirectory = (value: Json) => objectAt(objectAt(value, 'defaults'), 'run')['working-directory'];
	const addDirectory = (value: unknown) => {
		if (typeof value === 'string' && !value.includes('${{')) directories.push(normalise(value));
	};
	addDirectory(defaultDirectory(root));
	for (const job of Object.values(objectAt(root, 'jobs')).filter(isObject)) {
		addDirectory(defaultDirectory(job));
		for (const step of arrayAt(job, 'steps').filter(isObject)) {
			addDirectory(step['working-directory']);
			if (typeof step.run === 'string') commands.push(step.run);
			if (typeof step.uses === 'string') uses.push(step.uses);
			const inputs = objectAt(step, 'with');
			addDirectory(inputs.context);
			addDirectory(inputs['working-directory']);
		}
	}
	const allCommands = commands.join('\n');
	return {
		workflow: {
			file,
			name: typeof root.name === 'string' ? root.name : path.posix.basename(file),
			pathFilters,
			directories: [...new Set(directories)],
			commands,
			runsTests: /\b(test|tests|pytest|jest|vitest|rspec|ctest)\b/i.test(allCommands) || uses.some((action) => /test/i.test(action)),
			buildsImage: /\bdocker\s+(buildx\s+)?build\b/.test(allCommands) || uses.some((action) => action.startsWith('docker/build-push-action')),
			scanners: SCANNERS.filter(([, pattern]) => pattern.test(allCommands) || uses.some((action) => pattern.test(action))).map(([name]) => name),
		},
		problems: [],
	};
}

/** How a workflow refers to a service, or null when it does not. */
export function workflowReference(workflow: WorkflowSummary, servicePath: string, serviceFiles: readonly string[]): string | null {
	if (servicePath === '.') return null;
	const positive = workflow.pathFilters.filter((filter) => !filter.startsWith('!'));
	if (positive.length > 0) {
		const matches = picomatch(positive, { dot: true });
		const sample = [`${servicePath}/`, ...serviceFiles.slice(0, 200)];
		if (sample.some((file) => matches(file))) return 'paths filter';
	}
	if (workflow.directories.some((directory) => directory === servicePath || directory.startsWith(`${servicePath}/`))) return 'working directory';
	const mention = new RegExp(`(^|[\\s'"=:(])(\\./)?${servicePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|[\\s'"):;]|$)`, 'm');
	if (workflow.commands.some((command) => mention.test(command))) return 'command';
	return null;
}

function normalise(directory: string): string {
	return path.posix.normalize(directory).replace(/^\.\//, '').replace(/\/$/, '') || '.';
}
