// The collectors documented from their definitions (meta, facts schema descriptions, README), as
// plain data for the report and `shipshape docs`. Lives in the CLI, the composition root: the
// report library does not import collectors.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { COLLECTORS } from '../../collectors/index.ts';
import type { Collector } from '../../collectors/types.ts';
import { PACKAGE_ROOT } from '../lib/config/load.ts';
import { renderSafeMarkdown } from '../lib/format/safe-markdown.ts';
import type { CollectorDoc, ReportService } from '../lib/report/schema.ts';
import type { Service } from '../../catalog/schema/service.ts';

export async function collectorDocs(collectors: readonly Collector[] = COLLECTORS): Promise<CollectorDoc[]> {
	return Promise.all(
		collectors.map(async (collector) => {
			const readme = collector.readme ?? (await readFile(path.join(PACKAGE_ROOT, 'collectors', collector.id, 'README.md'), 'utf8').catch(() => ''));
			return {
				id: collector.id,
				version: collector.version,
				description: collector.description,
				source: collector.source,
				howToEnable: collector.howToEnable,
				env: [...(collector.env ?? [])],
				// The README's own first heading repeats the page title; the page shows the rest.
				readmeHtml: renderSafeMarkdown(readme.replace(/^# .*\n+/, '')),
				facts: factsOf(collector.facts),
			};
		}),
	);
}

/**
 * Activity for the site's widgets, from the collectors that declare an `activity` hook: the first
 * that has facts for the service answers; when none ran, the reason names it.
 */
export function activityFrom(collectors: readonly Collector[]): (service: Service) => ReportService['activity'] {
	const reporters = collectors.filter((collector) => collector.activity !== undefined);
	return (service) => {
		for (const collector of reporters) {
			const facts = (service.facts as Record<string, unknown>)[collector.id];
			if (facts !== undefined) return collector.activity!(facts);
		}
		return { pullRequests: null, issues: null, reason: reporters.length === 0 ? 'no collector reports activity' : `the ${reporters.map((collector) => collector.id).join(' or ')} collector has not run` };
	};
}

/** Top-level facts with their type and description, from the facts schema's JSON Schema. */
function factsOf(schema: z.ZodType): CollectorDoc['facts'] {
	const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchema> };
	return Object.entries(json.properties ?? {})
		.map(([name, property]) => ({ name, type: typeOf(property), description: property.description ?? '' }))
		.sort((a, b) => (a.name < b.name ? -1 : 1));
}

interface JsonSchema {
	type?: string | string[];
	description?: string;
	items?: JsonSchema;
	anyOf?: JsonSchema[];
	enum?: unknown[];
}

function typeOf(property: JsonSchema): string {
	if (property.anyOf !== undefined) return property.anyOf.map(typeOf).join(' or ');
	if (property.enum !== undefined) return property.enum.map((value) => JSON.stringify(value)).join(' | ');
	const type = Array.isArray(property.type) ? property.type.join(' or ') : (property.type ?? 'value');
	return type === 'array' ? `list of ${property.items === undefined ? 'values' : typeOf(property.items)}` : type;
}
