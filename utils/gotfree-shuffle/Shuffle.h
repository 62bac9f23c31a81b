//===- Shuffle.h - Function-granular shuffling of a linked image -*- C++
//-*-===//
//
// Permutes the functions of an x86-64 executable's .text and re-applies
// every reference to them from the relocations `--emit-relocs` kept, the
// dynamic relocations, the symbol tables and .eh_frame_hdr. See README.md.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_SHUFFLE_SHUFFLE_H
#define GOTFREE_SHUFFLE_SHUFFLE_H

#include "X86Decoder.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gotfree {

struct ShuffleOptions {
  uint64_t Seed = 0;
  /// False: keep the input order (with --embed alone).
  bool Permute = true;
  /// Write the map for a start-up shuffle into gotfree_shuffle_map.
  bool Embed = false;
  /// Functions that reach each other without a relocation (code from an
  /// object compiled without -ffunction-sections, e.g. libc's) move as one
  /// block instead of being refused.
  bool GroupUnrelocated = false;
};

/// Why the input cannot be shuffled. Input errors are bad files (exit 2);
/// findings are files that are well formed but would break (exit 1).
struct ShuffleFinding {
  uint64_t Addr = 0;
  std::string Loc;
  std::string Message;
};

struct ShuffleStats {
  uint64_t Functions = 0, Blocks = 0, GroupedFunctions = 0;
  uint64_t CodeRelocs = 0, DataRelocs = 0, DynRelocs = 0, Symbols = 0;
  uint64_t EhFrameHdrEntries = 0, EmbeddedFixups = 0, EmbeddedBytes = 0;
  uint64_t TextAddr = 0, TextSize = 0, TextUsed = 0;
  bool SortedByAlignment = false, WastefulLast = false;
  /// Orders drawn again because their padding did not fit.
  uint64_t Redraws = 0;
};

struct ShuffleResult {
  std::vector<uint8_t> Image; // Empty when Findings is not.
  std::vector<ShuffleFinding> Findings;
  std::vector<std::string> Notes;
  ShuffleStats Stats;
  /// Debug sections the output no longer describes; the caller strips them.
  std::vector<std::string> StaleSections;
};

/// An llvm::Error from shuffle() is a malformed or unsuitable input.
llvm::Expected<ShuffleResult> shuffle(llvm::MemoryBufferRef Input,
                                      const ShuffleOptions &Opts,
                                      const X86Decoder &Dec);

} // namespace gotfree

#endif
