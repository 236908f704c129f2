// Which sources measured nothing at all: a collector that was skipped or failed, one that ran but
// found nothing for any service, or one whose every record says it could not run (`unavailable.*`,
// e.g. no GitHub token). Checks that depend only on such sources are `unknown` with a message that
// says so and how to enable the source, and the site lists them under "Not measured".
import type { CatalogMeta } from '../../../catalog/schema/meta.ts';
import type { Service } from '../../../catalog/schema/service.ts';

export interface UnmeasuredSource {
	/** Collector id, also the fact namespace. */
	namespace: string;
	/** "Terraform state" */
	source: string;
	/** "no inventory directory is configured (…)" */
	reason: string;
	howToEnable: string;
}

/**
 * The message of a check left unknown by these sources: "Not measured: nothing was read from
 * Terraform state or AWS exports (no inventory directory is configured). Put …". Sources that
 * share a reason are named together, so that a check reading two of them says it once.
 */
export function notMeasuredMessage(sources: readonly Pick<UnmeasuredSource, 'source' | 'reason' | 'howToEnable'>[]): string {
	const byReason = new Map<string, string[]>();
	for (const { source, reason } of sources) byReason.set(reason, [...new Set([...(byReason.get(reason) ?? []), source])]);
	const parts = [...byReason].map(([reason, names]) => `nothing was read from ${names.join(' or ')} (${reason})`);
	const hints = [...new Set(sources.map((source) => source.howToEnable))];
	return `Not measured: ${parts.join('; ')}. ${hints.join(' ')}`;
}

export function unmeasuredSources(meta: CatalogMeta | null, services: readonly Service[]): UnmeasuredSource[] {
	const sources: UnmeasuredSource[] = [];
	for (const collector of meta?.collectors ?? []) {
		const records = services.map((service) => (service.facts as Record<string, { unavailable?: Record<string, string> } | undefined>)[collector.id]);
		const present = records.filter((record) => record !== undefined);
		let reason: string | null = null;
		if (collector.status !== 'ok') reason = collector.reason ?? collector.status;
		else if (services.length > 0 && present.length === 0) reason = 'it found nothing to read';
		else if (present.length > 0 && present.every((record) => typeof record?.unavailable?.['*'] === 'string')) reason = present[0]!.unavailable!['*']!;
		if (reason === null) continue;
		sources.push({ namespace: collector.id, source: collector.source, reason, howToEnable: collector.howToEnable });
	}
	return sources;
}
