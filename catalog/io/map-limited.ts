import pLimit from 'p-limit';

/** Runs `task` over `items` with at most `limit` in flight, keeping the order of `items`. */
export async function mapLimited<Item, Result>(items: readonly Item[], limit: number, task: (item: Item) => Promise<Result>): Promise<Result[]> {
	const run = pLimit(limit);
	return Promise.all(items.map((item) => run(() => task(item))));
}
