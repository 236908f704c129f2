// Languages of a repository's files from their names and first bytes: what each kind of file comes
// out as, that a link, a directory or a FIFO is never read through, and that the worker thread
// discovery runs it on answers exactly as the same call on this thread.
import { execFileSync } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyRepositoryFiles, classifyRepositoryFilesInBackground, type FileLanguages } from '../../collectors/lib/languages.ts';
import { tempDirectory, writeTree } from '../support/temp.ts';

const TYPESCRIPT = 'export function total(items: readonly number[]): number {\n\treturn items.reduce((sum, item) => sum + item, 0);\n}\n';
// A Qt Linguist translation file shares TypeScript's extension; Linguist's heuristics tell them apart.
const QT_TRANSLATION = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="de_DE">\n<context><name>Main</name></context>\n</TS>\n';

// [path, content (null: made below), language or null, binary]
const CASES: [string, string | Buffer | null, string | null, boolean][] = [
	['services/cart/src/total.ts', TYPESCRIPT, 'TypeScript', false],
	['services/cart/i18n/de.ts', QT_TRANSLATION, null, false],
	['services/cart/bin/migrate', '#!/usr/bin/env python3\nimport sys\nprint(sys.argv)\n', 'Python', false],
	['services/cart/bin/start', '#!/bin/sh\nexec node server.js\n', 'Shell', false],
	['services/cart/bin/README', 'How to start the service.\n', null, false],
	// A compiled binary committed under a source name: classified by name, flagged, not counted.
	['services/cart/main.go', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]), 'Go', true],
	// Past the 4 KB read: the size is the file's, not what was read.
	['services/cart/src/large.py', `${'x = 1\n'.repeat(2000)}`, 'Python', false],
	['services/cart/src/empty.py', '', 'Python', false],
	// Linguist's vendored and documentation paths.
	['services/cart/vendor/lodash.js', 'module.exports = {};\n', null, false],
	['docs/examples/client.py', 'print("hello")\n', null, false],
	['services/cart/README.md', '# Cart\n', null, false],
	// Made below: a link to a source file (never followed), a directory where a submodule is, a FIFO.
	['services/cart/src/link.ts', null, null, false],
	['services/cart/payments-sdk', null, null, false],
	['services/cart/events.pipe', null, null, false],
];

async function repositoryOfCases(): Promise<{ root: string; files: string[] }> {
	const root = await tempDirectory('languages-');
	await writeTree(root, Object.fromEntries(CASES.filter(([, content]) => content !== null).map(([file, content]) => [file, content!])));
	await symlink(path.join(root, 'services/cart/src/total.ts'), path.join(root, 'services/cart/src/link.ts'));
	await mkdir(path.join(root, 'services/cart/payments-sdk'));
	execFileSync('mkfifo', [path.join(root, 'services/cart/events.pipe')]);
	return { root, files: CASES.map(([file]) => file) };
}

function answers(result: FileLanguages): [string | null, boolean, number][] {
	return [...result.language].map((language, index) => [language === -1 ? null : result.names[language]!, result.binary[index] === 1, language === -1 ? 0 : result.size[index]!]);
}

describe('classifyRepositoryFiles', () => {
	it.each(CASES.map((entry, index) => [entry[0], index] as const))('%s', async (_file, index) => {
		const { root, files } = await repositoryOfCases();
		const [, content, language, binary] = CASES[index]!;
		// Sizes count for languages only.
		const size = language === null || content === null ? 0 : Buffer.byteLength(content);
		expect(answers(await classifyRepositoryFiles(root, files))[index]).toEqual([language, binary, size]);
	});

	it('answers on its worker thread as on this one, with the names sorted and each used', async () => {
		const { root, files } = await repositoryOfCases();
		const here = await classifyRepositoryFiles(root, files);
		const background = await classifyRepositoryFilesInBackground(root, files).result;
		expect(background).toEqual(here);
		expect(here.names).toEqual(['Go', 'Python', 'Shell', 'TypeScript']);
	});

	it('is stopped without an unhandled failure when discovery gives up before waiting', async () => {
		const { root, files } = await repositoryOfCases();
		const running = classifyRepositoryFilesInBackground(root, files);
		running.stop();
		await expect(running.result).rejects.toThrow(/classifying the languages of 14 files stopped/);
	});
});
