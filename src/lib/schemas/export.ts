// Writes the JSON Schema files generated from the zod schemas (editors use them to validate YAML and
// JSON). `--check` exits 1 when a committed file differs from a fresh render, for CI.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ShipshapeConfig } from '../config/schema.ts';
import { CheckDefinition, LevelsFile, RubricOverlay } from '../../../rubrics/schema.ts';
import { ActivityRecord } from '../../../catalog/schema/activity.ts';
import { ServiceDescriptor } from '../../../catalog/schema/descriptor.ts';
import { DiscoveryReport } from '../../../catalog/schema/discovery.ts';
import { Facts } from '../../../catalog/schema/facts.ts';
import { FragmentManifest, RepositorySource } from '../../../catalog/schema/fragment.ts';
import { CatalogMeta } from '../../../catalog/schema/meta.ts';
import { Service } from '../../../catalog/schema/service.ts';
import { Snapshot } from '../../../catalog/schema/snapshot.ts';
import { Team } from '../../../catalog/schema/team.ts';
import { QualityReport } from '../../../catalog/schema/quality.ts';
import { Domain, System } from '../../../catalog/schema/system.ts';
import { WaiversFile } from '../../../catalog/schema/waiver.ts';

const ROOT = new URL('../../../', import.meta.url);

/** Committed file (relative to the repository root) → schema it is rendered from. */
export const JSON_SCHEMAS: ReadonlyArray<[string, z.ZodType]> = [
	['catalog/schema/json/activity.schema.json', ActivityRecord],
	['catalog/schema/json/discovery.schema.json', DiscoveryReport],
	['catalog/schema/json/facts.schema.json', Facts],
	['catalog/schema/json/fragment.schema.json', FragmentManifest],
	['catalog/schema/json/meta.schema.json', CatalogMeta],
	['catalog/schema/json/repository.schema.json', RepositorySource],
	['catalog/schema/json/service-descriptor.schema.json', ServiceDescriptor],
	['catalog/schema/json/service.schema.json', Service],
	['catalog/schema/json/snapshot.schema.json', Snapshot],
	['catalog/schema/json/team.schema.json', Team],
	['catalog/schema/json/quality.schema.json', QualityReport],
	['catalog/schema/json/system.schema.json', System],
	['catalog/schema/json/domain.schema.json', Domain],
	['catalog/schema/json/waivers.schema.json', WaiversFile],
	['catalog/schema/json/config.schema.json', ShipshapeConfig],
	['rubrics/check.schema.json', CheckDefinition],
	['rubrics/levels.schema.json', LevelsFile],
	['rubrics/overlay.schema.json', RubricOverlay],
];

export function renderJsonSchema(schema: z.ZodType): string {
	return `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`;
}

async function main(check: boolean): Promise<number> {
	const stale: string[] = [];
	for (const [relative, schema] of JSON_SCHEMAS) {
		const file = fileURLToPath(new URL(relative, ROOT));
		const fresh = renderJsonSchema(schema);
		const current = await readFile(file, 'utf8').catch(() => '');
		if (current === fresh) continue;
		if (check) stale.push(relative);
		else await writeFile(file, fresh);
	}
	if (stale.length > 0) {
		console.error(`JSON Schema out of date: ${stale.join(', ')}. Run \`npm run schema\` and commit the result.`);
		return 1;
	}
	return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	process.exitCode = await main(process.argv.includes('--check'));
}
