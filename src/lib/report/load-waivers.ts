// Reads `catalog/waivers.yaml` (optional) strictly: a typo or a bad date stops the run with its line.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WaiversFile, type Waiver } from '../../../catalog/schema/waiver.ts';
import { parseAuthoredYaml } from '../../../catalog/format/authored-yaml.ts';
import { CatalogError } from './load-catalog.ts';

export const WAIVERS_FILE = 'waivers.yaml';

export async function loadWaivers(catalogDirectory: string): Promise<Waiver[]> {
	const file = path.join(catalogDirectory, WAIVERS_FILE);
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch {
		return [];
	}
	const parsed = parseAuthoredYaml(file, text, WaiversFile);
	if (!parsed.ok) throw new CatalogError(catalogDirectory, parsed.problems);
	return parsed.value.waivers;
}
