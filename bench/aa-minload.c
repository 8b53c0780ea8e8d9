/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The yardstick for `lsmctl load apparmor`'s one-process cost: the least a
 * program can do to load compiled AppArmor policy. libc only; every file
 * read into one buffer, one write() to .replace. It checks nothing, which
 * is the point: a benchmark reference (bench/README.md), not a tool.
 *
 * usage: aa-minload [-n] FILE...
 *   -n   read the files and stop: no write (what the load costs before the
 *        kernel's share; with no FILE, a process start alone)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char *buf = NULL;
	size_t len = 0;
	ssize_t n;
	int fd, first = 1, no_write = argc > 1 && strcmp(argv[1], "-n") == 0;

	first += no_write;
	for (int i = first; i < argc; i++) {
		struct stat st;
		char *b;

		fd = open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0) {
			perror(argv[i]);
			return 1;
		}
		b = realloc(buf, len + (size_t)st.st_size);
		if (!b)
			return 1;
		buf = b;
		for (size_t got = 0; got < (size_t)st.st_size; got += (size_t)n) {
			n = read(fd, buf + len + got, (size_t)st.st_size - got);
			if (n <= 0) {
				perror(argv[i]);
				return 1;
			}
		}
		len += (size_t)st.st_size;
		close(fd);
	}
	if (no_write)
		return 0;
	fd = open("/sys/kernel/security/apparmor/.replace", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(".replace");
		return 1;
	}
	n = write(fd, buf, len);
	if (n != (ssize_t)len) {
		perror("write");
		return 1;
	}
	return 0;
}
