/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The policies guest/selinux-walk-kernel.sh loads into a real kernel, with
 * the walk's verdict on each: crafted ones (what the kernel reads and an
 * earlier walk refused) and deterministic mutations of the policies given.
 *
 * usage: se-mutate OUTDIR MUTATIONS BASE...
 * writes OUTDIR/NNN (one policy each) and OUTDIR/manifest, one line each:
 *   NNN VERDICT WHAT
 * VERDICT: accept (the walk takes it), refuse (the walk refuses its
 * structure: the kernel must refuse it too) or unsafe (the walk refuses it
 * as something the kernel trusts and crashes on: not to be loaded).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "format/selinux-walk.h"

/* The walk's reasons for what the kernel trusts (selinux-walk.c). */
static const char *const unsafe[] = {
	"holds a '/'",
	"begins with a NUL",
	"selinuxfs cannot name a file so",
	"booleans declared",
	"boolean value",
	"class value",
	"classes declared",
	"permission value",
	"permission values but defines",
	"fewer than its common's",
	"is not defined",
	"which no ", /* sensitivity, category, role, type or user */
	"past its names",
	"constraint expression (attr",
};

static FILE *manifest;
static const char *outdir;
static unsigned count;

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void emit(const uint8_t *data, size_t len, const char *what)
{
	char path[4096], why[512];
	const char *verdict = "accept";
	FILE *f;

	if (lsmc_selinux_policy_walk(data, len, NULL, why, sizeof(why)) < 0) {
		verdict = "refuse";
		for (size_t i = 0; i < sizeof(unsafe) / sizeof(unsafe[0]); i++)
			if (strstr(why, unsafe[i]))
				verdict = "unsafe";
	}
	snprintf(path, sizeof(path), "%s/%03u", outdir, count);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	fprintf(manifest, "%03u %s %s%s%s\n", count++, verdict, what,
		strcmp(verdict, "accept") ? ": " : "", strcmp(verdict, "accept") ? why : "");
}

static uint8_t *load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *d;
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0) {
		perror(path);
		exit(1);
	}
	rewind(f);
	d = malloc((size_t)n + 64);
	if (!d || fread(d, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	*len = (size_t)n;
	return d;
}

/* base with the capability bitmap (24 bytes at 32: one node) replaced. */
static void with_polcaps(const uint8_t *base, size_t len, const uint32_t *w, size_t nw,
			 const char *what)
{
	uint8_t *d = malloc(len + 4 * nw);

	if (!d)
		exit(1);
	memcpy(d, base, 32);
	for (size_t i = 0; i < nw; i++)
		put32(d + 32 + 4 * i, w[i]);
	memcpy(d + 32 + 4 * nw, base + 56, len - 56);
	emit(d, len - 24 + 4 * nw, what);
	free(d);
}

/* What Linux 6.1 reads and the walk once refused (the first base must have
 * a one-node capability bitmap and class process without constraints). */
static void crafted(const uint8_t *base, size_t len)
{
	static const uint32_t wrap[] = {64, 0xfffffe90u, 0};
	static const uint32_t wrap_top[] = {64, 0xffffffffu, 0};
	/* words per node: start bit, map low, map high */
	static const uint32_t order[] = {64, 384, 3, 0, 2, 0, 256, 1, 0, 64, 1, 0};
	static const uint32_t twice[] = {64, 128, 2, 64, 1, 0, 64, 3, 0};
	static const uint32_t zero_map[] = {64, 2000, 1, 0, 0, 0};
	uint8_t *d = malloc(len);
	uint8_t *name;

	if (!d || get32(base + 32) != 64 || get32(base + 40) != 1)
		exit(1);
	with_polcaps(base, len, wrap, 3, "capability bitmap: high bit 0xfffffe90, no nodes");
	with_polcaps(base, len, wrap_top, 3, "capability bitmap: high bit 0xffffffff, no nodes");
	with_polcaps(base, len, order, 12, "capability bitmap: start bits 0, 256, 64 (one node)");
	with_polcaps(base, len, twice, 9, "capability bitmap: start bits 64, 64");
	with_polcaps(base, len, zero_map, 6, "capability bitmap: a zero map, high bit past it");
	memcpy(d, base, len);
	/* class process: u32 name length 7, no common, value, nprim, nel, ncons */
	for (name = d; name + 31 <= d + len; name++)
		if (get32(name) == 7 && get32(name + 4) == 0 &&
		    memcmp(name + 24, "process", 7) == 0)
			break;
	if (name + 31 > d + len || get32(name + 20) != 0)
		exit(1);
	put32(name + 20, 0x80000000u);
	emit(d, len, "class process: constraint count 2^31");
	free(d);
}

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void mutate(const uint8_t *base, size_t len, unsigned n, uint64_t seed, const char *name)
{
	static const uint32_t values[] = {
		0,  1,	2,  3,	 4,   5,      7,	   8,		16,	    31,
		32, 33, 64, '/', '.', 0x2e2e, 0xffffffffu, 0x80000000u, 0x7fffffffu};
	uint8_t *m = malloc(len);
	char what[256];

	if (!m)
		exit(1);
	for (unsigned i = 0; i < n; i++) {
		size_t at = 32 + next(&seed) % (len - 36);
		unsigned k = (unsigned)(next(&seed) % 24);
		uint32_t old = get32(base + at);
		uint32_t v = k < 19   ? values[k]
			     : k < 21 ? old + 1
			     : k < 23 ? old - 1
				      : old ^ (1u << k);

		memcpy(m, base, len);
		if (k >= 19 || next(&seed) % 2)
			put32(m + at, v);
		else
			m[at] = (uint8_t)v;
		snprintf(what, sizeof(what), "%s, 0x%08x at byte %zu", name, v, at);
		emit(m, len, what);
	}
	free(m);
}

int main(int argc, char **argv)
{
	char path[4096];
	unsigned n;

	if (argc < 4) {
		fprintf(stderr, "usage: se-mutate OUTDIR MUTATIONS BASE...\n");
		return 2;
	}
	outdir = argv[1];
	n = (unsigned)strtoul(argv[2], NULL, 10);
	if (mkdir(outdir, 0755) < 0 && errno != EEXIST) {
		perror(outdir);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/manifest", outdir);
	manifest = fopen(path, "w");
	if (!manifest) {
		perror(path);
		return 1;
	}
	for (int i = 3; i < argc; i++) {
		size_t len;
		uint8_t *base = load(argv[i], &len);
		const char *name = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];

		emit(base, len, name);
		if (i == 3)
			crafted(base, len);
		mutate(base, len, n, 0x9e3779b97f4a7c15ull * (uint64_t)i, name);
		free(base);
	}
	return fclose(manifest) == 0 ? 0 : 1;
}
