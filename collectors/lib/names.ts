// Service names as people write them: `PaymentsAPI`, `payment_api`, `payments-api`.
/** Kebab-case id from any name: splits camelCase, lower-cases, joins words with "-". */
export function toId(name: string): string {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1-$2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}

/** Key for matching names: case and separators ignored, so `PaymentsAPI` meets `payments-api`. */
export function nameKey(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Owner handles as teams: `group:default/team-a` → `team-a`; `@org/team` stays for alias lookup. */
export function normaliseOwnerRef(ref: string): string {
	const entity = /^(?:group|user):(?:[\w-]+\/)?([\w.-]+)$/i.exec(ref.trim());
	return entity?.[1] ?? ref.trim();
}
