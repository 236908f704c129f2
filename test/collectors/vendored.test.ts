// Which listed paths are under a vendored or build-output directory: a directory segment only, named
// exactly, wherever it is in the path.
import { describe, expect, it } from 'vitest';
import { isVendored } from '../../collectors/lib/files.ts';

describe('isVendored', () => {
	it.each([
		['node_modules/left-pad/index.js', true],
		['services/cart/node_modules/.bin/tsc', true],
		['services/cart/vendor/github.com/pkg/errors/errors.go', true],
		['third-party/zlib/zlib.h', true],
		['services/ml/.venv/lib/site.py', true],
		['apps/web/.next/server/page.js', true],
		['services/cart/bin/start', true],
		['services/cart/build/libs/app.jar', true],
		// The file itself is not a directory.
		['services/cart/vendor', false],
		['dist', false],
		// Names that only contain or resemble a vendored name.
		['services/vendored-config/app.go', false],
		['services/cart/xvendor/x.go', false],
		['services/binary-search/main.go', false],
		['services/cart.next/index.ts', false],
		['services/cart/distribution/plan.md', false],
		['services/Vendor/x.go', false],
	])('%s: %s', (file, vendored) => {
		expect(isVendored(file)).toBe(vendored);
	});
});
