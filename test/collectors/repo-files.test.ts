import { describe, expect, it } from 'vitest';
import { hasRustInlineTests, isDockerfile, isReadme, isTestFile, parseDockerfile } from '../../collectors/repo-files/extract.ts';

describe('parseDockerfile', () => {
	it.each<[string, string, { baseImagePinned: boolean; hasNonRootUser: boolean; hasHealthcheck: boolean }]>([
		['explicit tag', 'FROM node:22.4-alpine\nCMD ["node"]', { baseImagePinned: true, hasNonRootUser: false, hasHealthcheck: false }],
		['latest is not pinned', 'FROM python:latest', { baseImagePinned: false, hasNonRootUser: false, hasHealthcheck: false }],
		['no tag is not pinned', 'FROM ubuntu', { baseImagePinned: false, hasNonRootUser: false, hasHealthcheck: false }],
		['digest', 'FROM gcr.io/distroless/static@sha256:abc\nUSER 65532:65532', { baseImagePinned: true, hasNonRootUser: true, hasHealthcheck: false }],
		['registry with port but no tag', 'FROM localhost:5000/base', { baseImagePinned: false, hasNonRootUser: false, hasHealthcheck: false }],
		['multi-stage: stage references are fine', 'FROM golang:1.22 AS build\nFROM build AS test\nFROM scratch\nCOPY --from=build /a /a', { baseImagePinned: true, hasNonRootUser: false, hasHealthcheck: false }],
		['USER applies to the final stage only', 'FROM a:1 AS build\nUSER app\nFROM b:1', { baseImagePinned: true, hasNonRootUser: false, hasHealthcheck: false }],
		['USER root is root', 'FROM a:1\nUSER root', { baseImagePinned: true, hasNonRootUser: false, hasHealthcheck: false }],
		['HEALTHCHECK with continuation', 'FROM a:1\nHEALTHCHECK --interval=5s \\\n  CMD curl -f http://localhost/', { baseImagePinned: true, hasNonRootUser: false, hasHealthcheck: true }],
		['HEALTHCHECK NONE', 'FROM a:1\nHEALTHCHECK NONE', { baseImagePinned: true, hasNonRootUser: false, hasHealthcheck: false }],
		['--platform flag', 'FROM --platform=$BUILDPLATFORM node:22.1', { baseImagePinned: true, hasNonRootUser: false, hasHealthcheck: false }],
		['ARG in the image is not pinned', 'ARG V\nFROM node:$V', { baseImagePinned: false, hasNonRootUser: false, hasHealthcheck: false }],
		['no FROM at all', '# empty', { baseImagePinned: false, hasNonRootUser: false, hasHealthcheck: false }],
		['an ARG default pins the image it names', 'ARG NODE_VERSION=22.11.0\nFROM node:${NODE_VERSION}-alpine', { baseImagePinned: true, hasNonRootUser: false, hasHealthcheck: false }],
		['an ARG default of latest does not', 'ARG TAG=latest\nFROM node:$TAG', { baseImagePinned: false, hasNonRootUser: false, hasHealthcheck: false }],
		['an ARG default naming the whole image', 'ARG BASE=gcr.io/distroless/base@sha256:0123\nFROM ${BASE}', { baseImagePinned: true, hasNonRootUser: false, hasHealthcheck: false }],
		['a stage from an unpinned stage is unpinned', 'FROM node AS deps\nFROM deps AS app', { baseImagePinned: false, hasNonRootUser: false, hasHealthcheck: false }],
		['a final stage from an earlier one inherits its USER', 'FROM node:22.11.0 AS base\nUSER node\nFROM base\nCMD ["node", "server.js"]', { baseImagePinned: true, hasNonRootUser: true, hasHealthcheck: false }],
		['USER from an ARG default', 'ARG APP_USER=app\nFROM alpine:3.20\nARG APP_USER\nUSER ${APP_USER}', { baseImagePinned: true, hasNonRootUser: true, hasHealthcheck: false }],
		['a heredoc does not end the instruction list', 'FROM alpine:3.20\nRUN <<EOF\nFROM ubuntu\nEOF\nUSER 1000', { baseImagePinned: true, hasNonRootUser: true, hasHealthcheck: false }],
		['stage names are case-insensitive', 'FROM golang:1.22 AS Build\nFROM BUILD', { baseImagePinned: true, hasNonRootUser: false, hasHealthcheck: false }],
	])('%s', (_name, content, summary) => {
		expect(parseDockerfile(content)).toEqual(summary);
	});
});

describe('file conventions', () => {
	it.each([
		['svc/main_test.go', true],
		['svc/src/cart.test.ts', true],
		['svc/src/send.spec.ts', true],
		['svc/tests/test_worker.py', true],
		['svc/worker_test.py', true],
		['svc/spec/model_spec.rb', true],
		['svc/src/test/java/AppTest.java', true],
		['svc/LedgerTests.cs', true],
		['svc/__tests__/a.js', true],
		['svc/src/main.go', false],
		['svc/src/contest.ts', false],
		['svc/testdata.json', false],
	])('isTestFile(%s) is %s', (file, expected) => {
		expect(isTestFile(file)).toBe(expected);
	});

	it('finds inline Rust test modules', () => {
		expect(hasRustInlineTests('fn a() {}\n#[cfg(test)]\nmod tests {}')).toBe(true);
		expect(hasRustInlineTests('fn a() {}')).toBe(false);
	});

	it.each([
		['svc/README.md', 'svc', true],
		['svc/readme', 'svc', true],
		['svc/docs/README.md', 'svc', false],
		['README.md', '.', true],
	])('isReadme(%s, %s) is %s', (file, root, expected) => {
		expect(isReadme(file, root)).toBe(expected);
	});

	it.each([['svc/Dockerfile', true], ['svc/src/Dockerfile', true], ['svc/api.Dockerfile', true], ['svc/Dockerfile.dev', true], ['svc/dockerfile.md', false]])('isDockerfile(%s)', (file, expected) => {
		expect(isDockerfile(file)).toBe(expected);
	});
});
