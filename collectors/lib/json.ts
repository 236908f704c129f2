// Tolerant readers for JSON and YAML documents from outside (state files, manifests, dumps): a
// missing or wrongly typed field reads as empty instead of throwing, so one odd resource does not
// sink a whole file.
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `value[key]` when it is an object, else `{}`. */
export function objectAt(value: Json, key: string): Json {
	const child = value[key];
	return isObject(child) ? child : {};
}

/** `value[key]` when it is an array, else `[]`. */
export function arrayAt(value: Json, key: string): unknown[] {
	const child = value[key];
	return Array.isArray(child) ? child : [];
}
