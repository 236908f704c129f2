// How much one write may remove from the catalog: `collect` and `merge` refuse a shrink that looks
// like a broken checkout, a mistyped path or a failed listing rather than a real change.

/**
 * A collection (or merge) that would remove more than the configured share of the catalog's services
 * (and more than the configured count) is far more often a broken checkout, a wrong path or a
 * truncated repository list than a real change.
 */
export function shrinkRefusal(previousCount: number, removed: readonly string[], limit: { share: number; services: number }, what: 'collection' | 'merge' = 'collection'): string | null {
	if (previousCount === 0 || removed.length <= limit.services || removed.length / previousCount <= limit.share) return null;
	const sample = removed.slice(0, 10).join(', ') + (removed.length > 10 ? `, … (${removed.length - 10} more)` : '');
	return `this ${what} would remove ${removed.length} of the ${previousCount} services in the catalog (${Math.round((removed.length / previousCount) * 100)} %, more than the limit of ${Math.round(limit.share * 100)} % and ${limit.services} services): ${sample}.`;
}

