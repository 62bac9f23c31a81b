/* Entry point and self-relocation of the example image, the way a kernel or
 * firmware image relocates itself: find the dynamic section through the
 * program headers, then apply R_X86_64_RELATIVE entries from DT_RELA and/or
 * DT_RELR before any pointer stored in data is used. Every access in here is
 * PC-relative (that is what gotfree guarantees), so it runs correctly before
 * the relocations are applied. */
#include "sys.h"

struct elf_ehdr {
  unsigned char ident[16];
  unsigned short type, machine;
  u32 version;
  u64 entry, phoff, shoff;
  u32 flags;
  unsigned short ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf_phdr {
  u32 type, flags;
  u64 offset, vaddr, paddr, filesz, memsz, align;
};
struct elf_dyn {
  s64 tag;
  u64 val;
};
struct elf_rela {
  u64 offset, info;
  s64 addend;
};

enum { PT_LOAD = 1, PT_DYNAMIC = 2 };
enum {
  DT_NULL = 0,
  DT_PLTRELSZ = 2,
  DT_RELA = 7,
  DT_RELASZ = 8,
  DT_RELAENT = 9,
  DT_REL = 17,
  DT_TEXTREL = 22,
  DT_JMPREL = 23,
  DT_RELRSZ = 35,
  DT_RELR = 36,
  DT_RELRENT = 37
};
enum { R_X86_64_NONE = 0, R_X86_64_RELATIVE = 8 };

/* Defined by the linker at the ELF header, in static and PIE links alike. */
extern const struct elf_ehdr __ehdr_start __attribute__((visibility("hidden")));

/* Load address minus link address, from the segment mapping the ELF header. */
u64 image_bias(void) {
  const struct elf_ehdr *eh = &__ehdr_start;
  const struct elf_phdr *ph =
      (const struct elf_phdr *)((const char *)eh + eh->phoff);
  for (int i = 0; i < eh->phnum; ++i)
    if (ph[i].type == PT_LOAD && ph[i].offset == 0)
      return (u64)(uintptr_t)eh - ph[i].vaddr;
  return 0;
}

long self_relocate(void) {
  const struct elf_ehdr *eh = &__ehdr_start;
  const struct elf_phdr *ph =
      (const struct elf_phdr *)((const char *)eh + eh->phoff);
  u64 bias = image_bias(), dyn_vaddr = 0;
  int have_dyn = 0;
  for (int i = 0; i < eh->phnum; ++i) {
    if (ph[i].type == PT_DYNAMIC) {
      dyn_vaddr = ph[i].vaddr;
      have_dyn = 1;
    }
  }
  if (!have_dyn)
    return 0; /* Not position independent: nothing to do. */

  const struct elf_dyn *dyn =
      (const struct elf_dyn *)(uintptr_t)(bias + dyn_vaddr);
  u64 rela = 0, relasz = 0, relaent = sizeof(struct elf_rela);
  u64 relr = 0, relrsz = 0, relrent = 8;
  for (; dyn->tag != DT_NULL; ++dyn) {
    switch (dyn->tag) {
    case DT_RELA:
      rela = dyn->val;
      break;
    case DT_RELASZ:
      relasz = dyn->val;
      break;
    case DT_RELAENT:
      relaent = dyn->val;
      break;
    case DT_RELR:
      relr = dyn->val;
      break;
    case DT_RELRSZ:
      relrsz = dyn->val;
      break;
    case DT_RELRENT:
      relrent = dyn->val;
      break;
    case DT_REL:
      panic("unsupported DT_REL", (u64)dyn->tag);
    case DT_TEXTREL:
      panic("text relocations present", (u64)dyn->tag);
    case DT_JMPREL:
    case DT_PLTRELSZ:
      if (dyn->val)
        panic("PLT relocations present", (u64)dyn->tag);
      break;
    }
  }
  if (relaent != sizeof(struct elf_rela) || relrent != 8)
    panic("bad relocation entry size", relaent);

  long count = 0;
  for (u64 off = 0; off < relasz; off += relaent) {
    const struct elf_rela *r =
        (const struct elf_rela *)(uintptr_t)(bias + rela + off);
    u32 type = (u32)r->info;
    if (type == R_X86_64_NONE)
      continue;
    if (type != R_X86_64_RELATIVE)
      panic("unsupported relocation type", type);
    *(u64 *)(uintptr_t)(bias + r->offset) = bias + (u64)r->addend;
    ++count;
  }
  /* RELR: an address entry relocates one word and sets the cursor after it;
   * a bitmap entry (low bit set) relocates the words its bits select among
   * the next 63 words. */
  u64 *where = 0;
  for (u64 off = 0; off < relrsz; off += 8) {
    u64 entry = *(const u64 *)(uintptr_t)(bias + relr + off);
    if ((entry & 1) == 0) {
      where = (u64 *)(uintptr_t)(bias + entry);
      *where++ += bias;
      ++count;
      continue;
    }
    for (int bit = 0; (entry >>= 1) != 0; ++bit)
      if (entry & 1) {
        where[bit] += bias;
        ++count;
      }
    where += 63;
  }
  return count;
}

/* The kernel enters here with %rsp pointing at argc and 16-byte aligned;
 * force_align_arg_pointer makes the C frame ABI-conformant. _start is in
 * .boot.text with the start-up shuffle (shuffle.c): it must not move while
 * it runs. */
__attribute__((force_align_arg_pointer, noreturn, used,
               section(".boot.text"))) void
_start(void) {
  long relocs = self_relocate();
  u64 bias = image_bias();
  u64 seed = 0;
  long moved = shuffle_self(bias, &seed);
  put_str(2, "example: applied ");
  put_dec(2, relocs);
  put_str(2, " run-time relocations\n");
  if (moved) {
    put_line(2, "example: start-up shuffle: blocks moved: ", moved);
    put_str(2, "example: start-up shuffle: seed ");
    put_hex(2, seed);
    put_str(2, "\n");
  }
  /* Where the functions are, as offsets from the image's start: only a
   * shuffle changes them (stdout, the workload's output, does not). */
  put_str(2, "example: workload at +");
  put_hex(2, (u64)(uintptr_t)&workload - (u64)(uintptr_t)&__ehdr_start);
  put_str(2, " op_square at +");
  put_hex(2, (u64)(uintptr_t)&op_square - (u64)(uintptr_t)&__ehdr_start);
  put_str(2, "\n");
  sys_exit(workload());
}
