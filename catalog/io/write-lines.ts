import { open } from 'node:fs/promises';

/** Items joined into one write; small enough that no joined string nears V8's limit. */
const LINES_PER_WRITE = 1000;

/**
 * Writes one line per item, separated by newlines (none after the last), as `items.map(line).join('\n')`
 * would, but in chunks: at 50,000 services × 40 checks a build's findings file is larger than the
 * longest string V8 can hold (about 512 MB), so it cannot be joined first.
 */
export async function writeLines<Item>(file: string, items: readonly Item[], line: (item: Item) => string): Promise<void> {
	const handle = await open(file, 'w');
	try {
		for (let start = 0; start < items.length; start += LINES_PER_WRITE) {
			const chunk = items.slice(start, start + LINES_PER_WRITE).map(line).join('\n');
			await handle.write(start === 0 ? chunk : `\n${chunk}`);
		}
	} finally {
		await handle.close();
	}
}
