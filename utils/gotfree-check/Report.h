//===- Report.h - What gotfree-check found ---------------------*- C++ -*-===//
//
// Plain data collected by the checks, and its text and JSON renderings.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_CHECK_REPORT_H
#define GOTFREE_CHECK_REPORT_H

#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gotfree {

/// Finding categories; each can be downgraded to a warning with --allow.
enum class Category { Got, Abs, TextRel, Stale, JumpTable };
constexpr unsigned NumCategories = 5;
const char *categoryName(Category C);

/// An instruction that reaches a GOT slot (or, in an object, needs one).
struct GotRef {
  uint64_t Addr = 0;
  std::string Loc;
  std::string Insn; // Decoded text, or "" if it could not be decoded.
  std::string Via;  // "R_X86_64_REX_GOTPCRELX foo-0x4" or "code".
  std::string Symbol;
};

struct GotSlot {
  uint64_t Addr = 0;
  std::string Section;
  std::string Symbol; // What the slot holds.
  std::string Source; // How that was found: a relocation type or "contents".
  std::vector<GotRef> Refs;
  /// False when --scope is given and no reference comes from inside it.
  bool InScope = true;
};

/// One line of output for every other category.
struct Issue {
  Category Cat;
  bool Error = true; // False: informational (e.g. a jump table that is fine).
  uint64_t Addr = 0;
  std::string Loc;
  std::string Message;
  std::map<std::string, std::string> Fields; // Extra JSON members.
  bool InScope = true; // False: outside --scope, reported as context.
};

/// A relocation to rewrite for --fix-emit-relocs.
struct RelocFix {
  unsigned RelocSecIndex = 0;
  uint64_t EntryIndex = 0;
  uint64_t NewOffset = 0; // r_offset as stored in the file.
  uint32_t NewType = 0;
  int64_t NewAddend = 0;
};

struct DynRelocStats {
  std::string Section;
  std::string Kind; // "rela", "rel" or "relr".
  uint64_t Entries = 0;
  uint64_t Addresses = 0; // Relocated places (differs from Entries for RELR).
  std::map<std::string, uint64_t> Types;
};

struct Report {
  std::string File;
  std::string ElfType;
  uint64_t StaticRelocs = 0;
  bool CodeScanned = false;
  std::vector<GotSlot> Slots;
  std::vector<GotRef> UnslottedGotRefs; // Objects: the linker adds the slot.
  std::vector<Issue> Issues;
  std::vector<RelocFix> Fixes;
  uint64_t DataAbs64 = 0; // R_X86_64_64 in allocated data: fine, counted.
  /// --scope: the symbols of the user's objects found in the file and the
  /// address ranges they cover; 0 when no scope was given.
  uint64_t ScopeSymbols = 0, ScopeRanges = 0;
  std::vector<DynRelocStats> Dyn;
  unsigned FixedCount = 0;
  bool Allowed[NumCategories] = {};
  /// Findings counted but not listed (beyond --max-listed): a hostile file
  /// with millions of them must not exhaust memory.
  uint64_t Unlisted[NumCategories] = {};

  uint64_t errors(Category C) const;
  bool passed() const;
};

void printText(const Report &R, llvm::raw_ostream &OS);
void printJson(const Report &R, llvm::raw_ostream &OS);

} // namespace gotfree

#endif
