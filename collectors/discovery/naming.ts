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
 * Pairs of names with different owners whose keys are equal or within a small edit distance. Names
 * that differ only in their numbers (shard-01, shard-02; api-v1, api-v2) are a deliberate series,
 * not typos: keys are compared with every run of digits masked, which also collapses numbered
 * fleets into one key. Candidates come from shared deletion variants (SymSpell), so the cost stays
 * near linear in the number of distinct names.
 */
export function findNearDuplicates(entries: readonly NamedEntry[]): NearDuplicate[] {
	const byMask = new Map<string, NamedEntry[]>();
	for (const entry of entries) {
		if (entry.key.length < 3) continue;
		const mask = entry.key.replace(/\d+/g, '#');
		const group = byMask.get(mask);
		if (group === undefined) byMask.set(mask, [entry]);
		else group.push(entry);
	}
	// One pair per two owners: the closest of their names.
	const closest = new Map<string, NearDuplicate>();
	const consider = (a: NamedEntry, b: NamedEntry) => {
		if (a.owner === b.owner) return;
		const gap = a.key === b.key ? 0 : distance(a.key, b.key);
		if (gap > Math.min(allowedDistance(a.key), allowedDistance(b.key))) return;
		const [first, second] = a.owner < b.owner ? [a, b] : [b, a];
		const pairKey = `${first.owner}\u0000${second.owner}`;
		const candidate: NearDuplicate = { names: [first.name, second.name], owners: [first.owner, second.owner], distance: gap };
		const current = closest.get(pairKey);
		if (current === undefined || gap < current.distance || (gap === current.distance && candidate.names.join() < current.names.join())) closest.set(pairKey, candidate);
	};
	// Same masked key: only exactly equal keys are duplicates (the rest is a numbered series).
	for (const group of byMask.values()) {
		const byKey = new Map<string, NamedEntry[]>();
		for (const entry of group) byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), entry]);
		for (const same of byKey.values()) for (let i = 0; i < same.length; i += 1) for (let j = i + 1; j < same.length; j += 1) consider(same[i]!, same[j]!);
	}
	// Different masked keys a few edits apart.
	const masks = [...byMask.keys()];
	const byVariant = new Map<string, number[]>();
	masks.forEach((mask, index) => {
		for (const variant of deletionVariants(mask, allowedDistance(mask))) {
			const list = byVariant.get(variant);
			if (list === undefined) byVariant.set(variant, [index]);
			else if (list.at(-1) !== index) list.push(index);
		}
	});
	const comparedMasks = new Set<string>();
	for (const indexes of byVariant.values()) {
		for (let i = 0; i < indexes.length; i += 1) {
			for (let j = i + 1; j < indexes.length; j += 1) {
				const pair = `${indexes[i]}:${indexes[j]}`;
				if (comparedMasks.has(pair)) continue;
				comparedMasks.add(pair);
				const left = byMask.get(masks[indexes[i]!]!)!;
				const right = byMask.get(masks[indexes[j]!]!)!;
				for (const a of left) for (const b of right) consider(a, b);
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
