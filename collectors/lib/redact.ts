// Parser errors quote the text they stumbled on, and inventory files hold secrets: keep the
// position and the kind of problem, drop every quoted excerpt.
export function describeParseError(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const redacted = message
		.split('\n')[0]!
		.replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
		.replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
		.slice(0, 200);
	return redacted;
}
