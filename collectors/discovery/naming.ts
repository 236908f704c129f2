// Service names as people write them. `payments-api` (Kubernetes), `payment_api` (a directory) and
// `PaymentsAPI` (a Terraform tag) should meet: names are compared by a normalised key, and names
// that are close but not equal are reported for a person to confirm rather than merged.
import { distance } from 'fastest-levenshtein';
import { nameKey } from '../lib/names.ts';

export const DEFAULT_STRIP_SUFFIXES = ['-service', '-svc'] as const;

/** Lower-case letters and digits only, without configured suffixes such as `-service`. */
export function normalisedKey(name: string, stripSuffixes: readonly string[]): string {
	let key = nameKey(name);
	for (const suffix of stripSuffixes.map(nameKey).filter(Boolean).sort((a, b) => b.length - a.length)) {
		if (key.length > suffix.length && key.endsWith(suffix)) {
			key = key.slice(0, -suffix.length);
			break;
		}
	}
	return key;
}

export interface NamedEntry {
	/** Who carries the name: a service id, or a description of an unlinked signal. */
	owner: string;
	name: string;
	key: string;
}

export interface NearDuplicate {
	names: [string, string];
	owners: [string, string];
	distance: number;
}

/** How far apart two keys may be: one edit for short names, two for longer ones. */
function allowedDistance(key: string): number {
	return key.length <= 6 ? 1 : 2;
}

/**
 * Pairs of names with different owners whose keys are equal or within a small edit distance.
 * Candidates come from shared deletion variants (SymSpell), so the cost stays near linear in the
 * number of names instead of comparing every pair.
 */
export function findNearDuplicates(entries: readonly NamedEntry[]): NearDuplicate[] {
	const byVariant = new Map<string, number[]>();
	entries.forEach((entry, index) => {
		if (entry.key.length < 3) return;
		for (const variant of deletionVariants(entry.key, allowedDistance(entry.key))) {
			const list = byVariant.get(variant);
			if (list === undefined) byVariant.set(variant, [index]);
			else if (list.at(-1) !== index) list.push(index);
		}
	});
	// One pair per two owners: the closest of their names.
	const closest = new Map<string, NearDuplicate>();
	for (const indexes of byVariant.values()) {
		for (let i = 0; i < indexes.length; i += 1) {
			for (let j = i + 1; j < indexes.length; j += 1) {
				const a = entries[indexes[i]!]!;
				const b = entries[indexes[j]!]!;
				if (a.owner === b.owner) continue;
				const [first, second] = a.owner < b.owner ? [a, b] : [b, a];
				const pairKey = `${first.owner}\u0000${second.owner}`;
				const gap = distance(a.key, b.key);
				if (gap > Math.min(allowedDistance(a.key), allowedDistance(b.key))) continue;
				const current = closest.get(pairKey);
				const candidate: NearDuplicate = { names: [first.name, second.name], owners: [first.owner, second.owner], distance: gap };
				if (current === undefined || gap < current.distance || (gap === current.distance && candidate.names.join() < current.names.join())) closest.set(pairKey, candidate);
			}
		}
	}
	return [...closest.values()].sort((x, y) => x.distance - y.distance || compare(x.owners.join(), y.owners.join()) || compare(x.names.join(), y.names.join()));
}

function deletionVariants(key: string, depth: number): Set<string> {
	const variants = new Set<string>([key]);
	let frontier = [key];
	for (let level = 0; level < depth; level += 1) {
		const next: string[] = [];
		for (const word of frontier) {
			for (let index = 0; index < word.length; index += 1) {
				const variant = word.slice(0, index) + word.slice(index + 1);
				if (!variants.has(variant)) {
					variants.add(variant);
					next.push(variant);
				}
			}
		}
		frontier = next;
	}
	return variants;
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
