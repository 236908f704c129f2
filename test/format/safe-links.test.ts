import { describe, expect, it } from 'vitest';
import { isSafeLink } from '../../src/lib/format/safe-links.ts';
import { safeExternalUrl } from '../../src/lib/format/url.ts';

describe('isSafeLink', () => {
	it.each<[string, boolean]>([
		['https://runbooks.example/payments', true],
		['http://grafana.example/d/x', true],
		['mailto:oncall@acme.example', true],
		['/readiness/services/ledger/', true],
		['../checks/has-owner/', true],
		['#evidence', true],
		['?q=ledger', true],
		['javascript:alert(1)', false],
		['JaVaScRiPt:alert(1)', false],
		[' javascript:alert(1)', false],
		['java\tscript:alert(1)', false],
		['java\nscript:alert(1)', false],
		['\u0000javascript:alert(1)', false],
		['vbscript:msgbox(1)', false],
		['data:text/html,<script>alert(1)</script>', false],
		['data:image/png;base64,iVBORw0KGgo=', false],
		['file:///etc/passwd', false],
	])('%j is safe: %s', (url, safe) => {
		expect(isSafeLink(url)).toBe(safe);
	});
});

describe('safeExternalUrl', () => {
	it.each<[string, string | null]>([
		['https://tracker.example/EVIL-1', 'https://tracker.example/EVIL-1'],
		['  https://tracker.example/x  ', 'https://tracker.example/x'],
		['javascript:alert(1)', null],
		['/relative/path', null],
		['data:text/html,x', null],
	])('%j → %j', (url, expected) => {
		expect(safeExternalUrl(url)).toBe(expected);
	});
});
