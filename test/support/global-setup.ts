// One temporary parent for the whole test run, removed at the end, so runs leave nothing behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
	const parent = mkdtempSync(path.join(tmpdir(), 'shipshape-tests-'));
	process.env.SHIPSHAPE_TEST_TMP = parent;
	return () => rmSync(parent, { recursive: true, force: true });
}
