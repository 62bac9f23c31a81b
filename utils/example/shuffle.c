/* Start-up shuffle of the example image: what fine-grained KASLR does at
 * boot, from the map `gotfree-shuffle --embed` wrote into the image (format:
 * utils/gotfree-shuffle/gotfree-shuffle-map.h). Runs after self_relocate:
 * it draws a seed, lays the blocks of .text out in a new order, moves them
 * and rewrites every field the map lists. This code and _start live in
 * .boot.text, which is not .text, so nothing here moves while it runs, and
 * it calls nothing in .text before the move is complete. */
#include "sys.h"

#include "../gotfree-shuffle/gotfree-shuffle-map.h"

#define BOOT __attribute__((section(".boot.text")))

/* Filled by gotfree-shuffle --embed; all zero (no magic) otherwise. */
__attribute__((section(".gotfree.map"), aligned(8), used))
unsigned char gotfree_shuffle_map[16384];

struct elf_phdr64 {
  u32 type, flags;
  u64 offset, vaddr, paddr, filesz, memsz, align;
};
extern const unsigned char __ehdr_start[] __attribute__((visibility("hidden")));

enum { PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4 };

BOOT static long boot_syscall(long nr, long a, long b, long c, long d, long e,
                              long f) {
  long ret;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "0"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
                     "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}

/* Every PT_LOAD segment writable (prot < 0) or back to its own flags. */
BOOT static int boot_protect(u64 bias, int writable) {
  const unsigned char *eh = __ehdr_start;
  u64 phoff = *(const u64 *)(eh + 32);
  unsigned phnum = *(const unsigned short *)(eh + 56);
  const struct elf_phdr64 *ph = (const struct elf_phdr64 *)(eh + phoff);
  for (unsigned i = 0; i < phnum; ++i) {
    if (ph[i].type != 1 || !ph[i].memsz)
      continue;
    u64 start = (bias + ph[i].vaddr) & ~4095ul;
    u64 end = (bias + ph[i].vaddr + ph[i].memsz + 4095) & ~4095ul;
    long prot = PROT_READ | PROT_WRITE | PROT_EXEC;
    if (!writable)
      prot = (ph[i].flags & 1 ? PROT_EXEC : 0) |
             (ph[i].flags & 2 ? PROT_WRITE : 0) |
             (ph[i].flags & 4 ? PROT_READ : 0);
    if (boot_syscall(10, (long)start, (long)(end - start), prot, 0, 0, 0))
      return -1;
  }
  return 0;
}

BOOT static void boot_copy(unsigned char *dst, const unsigned char *src,
                           u64 n) {
  for (u64 i = 0; i < n; ++i)
    dst[i] = src[i];
}

struct boot_layout {
  const struct gotfree_shuffle_map_header *hdr;
  const struct gotfree_shuffle_map_block *blocks;
  u64 *new_start;
};

/* New address of the link-time address a (map() of the format). */
BOOT static u64 boot_map(const struct boot_layout *l, u64 a) {
  const struct gotfree_shuffle_map_header *h = l->hdr;
  if (a < h->text_start || a >= h->text_start + h->text_size)
    return a;
  u32 lo = 0, hi = h->num_blocks; /* Last block with start <= a. */
  while (hi - lo > 1) {
    u32 mid = lo + (hi - lo) / 2;
    if (l->blocks[mid].start <= a)
      lo = mid;
    else
      hi = mid;
  }
  return a - l->blocks[lo].start + l->new_start[lo];
}

long shuffle_self(u64 bias, u64 *seed_out) BOOT;
long shuffle_self(u64 bias, u64 *seed_out) {
  const struct gotfree_shuffle_map_header *h =
      (const struct gotfree_shuffle_map_header *)gotfree_shuffle_map;
  if (h->magic != GOTFREE_SHUFFLE_MAP_MAGIC)
    return 0; /* Not embedded: keep the link-time layout. */
  if (h->version != GOTFREE_SHUFFLE_MAP_VERSION || !h->num_blocks)
    return -1;
  struct boot_layout l;
  l.hdr = h;
  l.blocks = (const struct gotfree_shuffle_map_block *)(gotfree_shuffle_map +
                                                        h->header_size);
  const struct gotfree_shuffle_map_fixup *fix =
      (const struct gotfree_shuffle_map_fixup *)(l.blocks + h->num_blocks);

  u64 seed = 0;
  if (boot_syscall(318, (long)&seed, sizeof(seed), 0, 0, 0, 0) != 8)
    return -1; /* getrandom */
  *seed_out = seed;

  u64 n = h->num_blocks;
  u64 scratch_size = h->text_room + n * 2 * sizeof(u64);
  long mem = boot_syscall(9, 0, (long)scratch_size, PROT_READ | PROT_WRITE,
                          0x22 /* MAP_PRIVATE | MAP_ANONYMOUS */, -1, 0);
  if (mem < 0 && mem > -4096)
    return -1;
  u64 *order = (u64 *)mem;
  l.new_start = order + n;
  unsigned char *copy = (unsigned char *)(l.new_start + n);

  /* Fisher-Yates with xorshift64* (seed 0 would be a fixed point); an
   * order whose padding does not fit the room is drawn again. */
  u64 x = seed | 1;
  for (u64 i = 0; i < n; ++i)
    order[i] = i;
  int tries = 0;
  for (;;) {
    for (u64 i = n; i > 1; --i) {
      x ^= x >> 12;
      x ^= x << 25;
      x ^= x >> 27;
      u64 j = (x * 0x2545f4914f6cdd1dull) % i;
      u64 t = order[i - 1];
      order[i - 1] = order[j];
      order[j] = t;
    }
    u64 at = h->text_start;
    for (u64 i = 0; i < n; ++i) {
      const struct gotfree_shuffle_map_block *b = &l.blocks[order[i]];
      u64 mask = (u64)b->align - 1, phase = b->start & mask;
      at = ((at - phase + mask) & ~mask) + phase;
      l.new_start[order[i]] = at;
      at += b->size;
    }
    if (at <= h->text_start + h->text_room)
      break;
    if (++tries == 16) {
      boot_syscall(11, mem, (long)scratch_size, 0, 0, 0, 0);
      return -2;
    }
  }

  if (boot_protect(bias, 1))
    return -1;
  unsigned char *text = (unsigned char *)(bias + h->text_start);
  boot_copy(copy, text, h->text_room);
  for (u64 i = 0; i < h->text_room; ++i)
    text[i] = h->fill;
  for (u64 i = 0; i < n; ++i)
    boot_copy((unsigned char *)(bias + l.new_start[i]),
              copy + (l.blocks[i].start - h->text_start), l.blocks[i].size);
  for (u32 i = 0; i < h->num_fixups; ++i) {
    u64 place = boot_map(&l, fix[i].place);
    u64 value = boot_map(&l, fix[i].anchor) + (u64)fix[i].delta;
    unsigned char *p = (unsigned char *)(bias + place);
    if (fix[i].kind == GOTFREE_FIXUP_PC32)
      *(u32 *)p = (u32)(value - place);
    else if (fix[i].kind == GOTFREE_FIXUP_PC64)
      *(u64 *)p = value - place;
    else
      *(u64 *)p = value + bias;
  }
  if (boot_protect(bias, 0))
    return -1;
  boot_syscall(11, mem, (long)scratch_size, 0, 0, 0, 0);
  return (long)n;
}
