import { describe, expect, it } from 'vitest';
import { parseWorkflow, workflowReference } from '../../collectors/repo-files/workflows.ts';

const workflow = (text: string) => parseWorkflow('.github/workflows/ci.yml', text).workflow!;

describe('GitHub Actions workflows', () => {
	it('reads paths filters, working directories, contexts and what the steps do', () => {
		const parsed = workflow(`name: CI
on:
  push:
    paths: ['services/api/**', '!**/*.md']
jobs:
  build:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: ./services/api
    steps:
      - uses: actions/checkout@v4
      - run: npm test
      - uses: docker/build-push-action@v6
        with:
          context: services/api/
`);

		expect(parsed).toMatchObject({ name: 'CI', pathFilters: ['services/api/**', '!**/*.md'], directories: ['services/api'], runsTests: true, buildsImage: true });
	});

	it.each<[string, string, string[], string | null]>([
		['paths filter', 'on: { pull_request: { paths: ["services/api/**"] } }\njobs: {}\n', ['services/api/main.go'], 'paths filter'],
		['negated filter only', 'on: { pull_request: { paths: ["!services/api/**"] } }\njobs: {}\n', ['services/api/main.go'], null],
		['working directory', 'on: push\njobs:\n  a:\n    steps:\n      - run: make\n        working-directory: services/api\n', [], 'working directory'],
		['command', 'on: push\njobs:\n  a:\n    steps:\n      - run: go test ./services/api/...\n', [], 'command'],
		['another service with a common prefix', 'on: push\njobs:\n  a:\n    steps:\n      - run: go test ./services/api-gateway/...\n', [], null],
		['matrix expression is not a directory', 'on: push\njobs:\n  a:\n    steps:\n      - run: make\n        working-directory: services/${{ matrix.service }}\n', [], null],
	])('%s', (_name, text, files, via) => {
		expect(workflowReference(workflow(text), 'services/api', files)).toBe(via);
	});

	it('reports invalid YAML instead of throwing', () => {
		const parsed = parseWorkflow('.github/workflows/bad.yml', 'on: [push\n');

		expect(parsed.workflow).toBeNull();
		expect(parsed.problems[0]).toMatch(/^line \d+/);
	});
});
