/* Tiny freestanding runtime for the gotfree example image: raw Linux
 * syscalls, output helpers and the few libc functions the compiler may call
 * on its own (memcpy/memset). Nothing here comes from a C library. */
#ifndef GOTFREE_EXAMPLE_SYS_H
#define GOTFREE_EXAMPLE_SYS_H

typedef unsigned long size_t;
typedef unsigned long uintptr_t;
typedef unsigned long u64;
typedef long s64;
typedef unsigned int u32;

long sys_write(int fd, const void *buf, size_t len);
__attribute__((noreturn)) void sys_exit(int code);

void put_str(int fd, const char *s);
void put_dec(int fd, long v);
void put_hex(int fd, u64 v);
void put_line(int fd, const char *label, long v);
__attribute__((noreturn)) void panic(const char *why, u64 what);

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
size_t strlen(const char *s);

/* Applies the image's own run-time relocations; returns how many. */
long self_relocate(void);
/* Load address minus link address. */
u64 image_bias(void);
/* Moves the functions of .text at start-up if gotfree-shuffle --embed wrote
 * a map (shuffle.c); returns the number of blocks moved, 0 without a map,
 * negative if it could not. */
long shuffle_self(u64 bias, u64 *seed);
/* The workload; returns the exit code. */
int workload(void);
long op_square(long v);

#endif
