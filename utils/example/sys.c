/* Raw syscalls and output helpers for the freestanding example image. */
#include "sys.h"

long sys_write(int fd, const void *buf, size_t len) {
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "0"(1L), "D"((long)fd), "S"(buf), "d"(len)
                   : "rcx", "r11", "memory");
  return ret;
}

void sys_exit(int code) {
  for (;;)
    __asm__ volatile("syscall" : : "a"(231L), "D"((long)code) : "rcx", "r11");
}

size_t strlen(const char *s) {
  size_t n = 0;
  while (s[n])
    ++n;
  return n;
}

/* The compiler lowers struct copies and large initializations to these. */
void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--)
    *d++ = *s++;
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  while (n--)
    *d++ = (unsigned char)c;
  return dst;
}

void put_str(int fd, const char *s) { sys_write(fd, s, strlen(s)); }

static const char hex_digits[] = "0123456789abcdef";

void put_dec(int fd, long v) {
  char buf[24];
  int i = sizeof(buf);
  unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
  do {
    buf[--i] = hex_digits[u % 10];
    u /= 10;
  } while (u);
  if (v < 0)
    buf[--i] = '-';
  sys_write(fd, buf + i, sizeof(buf) - i);
}

void put_hex(int fd, u64 v) {
  char buf[18];
  int i = sizeof(buf);
  do {
    buf[--i] = hex_digits[v & 15];
    v >>= 4;
  } while (v);
  buf[--i] = 'x';
  buf[--i] = '0';
  sys_write(fd, buf + i, sizeof(buf) - i);
}

void put_line(int fd, const char *label, long v) {
  put_str(fd, label);
  put_dec(fd, v);
  put_str(fd, "\n");
}

void panic(const char *why, u64 what) {
  put_str(2, "example: panic: ");
  put_str(2, why);
  put_str(2, " ");
  put_hex(2, what);
  put_str(2, "\n");
  sys_exit(99);
}
