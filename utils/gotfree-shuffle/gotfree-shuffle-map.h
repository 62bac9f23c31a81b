/*===- gotfree-shuffle-map.h - Map for shuffling an image at start-up -----===*
 *
 * The format `gotfree-shuffle --embed` writes into an image that reserves
 * room for it, and that the image's start-up code reads to move its own
 * functions (utils/example/shuffle.c). C, so both sides include it.
 *
 * The image defines, in an allocated section with file contents (not .bss):
 *   unsigned char gotfree_shuffle_map[N];   (a sized STT_OBJECT symbol)
 * All addresses are link-time virtual addresses; the image adds its load bias.
 *
 * Layout: header, then num_blocks blocks sorted by start, then num_fixups
 * fixups. A block moves as a whole to an address congruent to its start
 * modulo align. A fixup is one field whose value depends on where blocks
 * are: the field at map(place) becomes, with x = map(anchor) + delta,
 *   PC32/PC64   x - map(place)        (4/8 bytes, signed)
 *   ABS64       x + load bias         (the image has applied its relocations)
 * where map(a), for a in [text_start, text_start + text_size), is a moved
 * as the last block starting at or below a moved, and a itself elsewhere.
 *
 *===----------------------------------------------------------------------===*/

#ifndef GOTFREE_SHUFFLE_MAP_H
#define GOTFREE_SHUFFLE_MAP_H

#include <stdint.h>

#define GOTFREE_SHUFFLE_MAP_SYMBOL "gotfree_shuffle_map"
/* "gfshufl1", little endian. */
#define GOTFREE_SHUFFLE_MAP_MAGIC 0x316c667568736667ULL
#define GOTFREE_SHUFFLE_MAP_VERSION 1u

enum gotfree_shuffle_fixup_kind {
  GOTFREE_FIXUP_PC32 = 1,
  GOTFREE_FIXUP_PC64 = 2,
  GOTFREE_FIXUP_ABS64 = 3,
};

struct gotfree_shuffle_map_header {
  uint64_t magic;
  uint32_t version;
  uint32_t header_size;
  uint64_t text_start; /* The section the blocks are laid out in. */
  uint64_t text_size;  /* map()'s domain: [text_start, +text_size). */
  uint64_t text_room;  /* Blocks may end up to text_start + text_room. */
  uint32_t num_blocks;
  uint32_t num_fixups;
  uint8_t fill; /* Byte for the space between blocks (int3). */
  uint8_t reserved[7];
};

struct gotfree_shuffle_map_block {
  uint64_t start;
  uint32_t size;
  uint32_t align; /* A power of two. */
};

struct gotfree_shuffle_map_fixup {
  uint64_t place;
  uint64_t anchor;
  int64_t delta;
  uint32_t kind;
  uint32_t reserved;
};

#endif
