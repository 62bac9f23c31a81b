//===- Checks.h - The checks gotfree-check runs ----------------*- C++ -*-===//

#ifndef GOTFREE_CHECK_CHECKS_H
#define GOTFREE_CHECK_CHECKS_H

#include "ElfInput.h"
#include "Report.h"
#include "X86Decoder.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"
#include <string>
#include <unordered_map>
#include <vector>

namespace gotfree {

enum class ScanMode { Auto, Always, Never };

struct CheckOptions {
  bool Allowed[NumCategories] = {};
  /// Decode all code to find GOT references; Auto does it only when the
  /// file has no static relocations for its code (no --emit-relocs).
  ScanMode ScanCode = ScanMode::Auto;
  bool JumpTables = true;
  /// Every indirect jmp of the file must carry a jump-table annotation
  /// (--require-annotations; for objects gotfree annotated, whose only
  /// indirect jumps are dispatches).
  bool RequireAnnotations = false;
  /// TYPE of jump-table entries in .discard.annotate_insn.
  uint32_t AnnotateInsnType = 9;
  /// Findings listed per category (GOT references per slot); the rest are
  /// only counted.
  uint64_t MaxListed = 100000;
  /// --scope: names of the symbols the user's own objects define. When not
  /// empty, only findings inside those symbols decide the verdict; the rest
  /// is reported as context.
  std::vector<std::string> ScopeSymbols;
};

/// State shared by the individual checks of one run.
struct CheckContext {
  CheckContext(const ElfInput &In, const X86Decoder &Dec,
               const CheckOptions &Opts, Report &R)
      : In(In), Dec(Dec), Opts(Opts), R(R) {}
  const ElfInput &In;
  const X86Decoder &Dec;
  const CheckOptions &Opts;
  Report &R;
  /// GOT slot address -> index into R.Slots. Not a DenseMap: addresses come
  /// from the file and may equal DenseMap's reserved empty/tombstone keys.
  std::unordered_map<uint64_t, unsigned> SlotIndex;
  bool HasCodeRelocs = false;

  GotSlot *slotAt(uint64_t Addr) {
    auto It = SlotIndex.find(Addr);
    return It == SlotIndex.end() ? nullptr : &R.Slots[It->second];
  }
  void issue(Category Cat, uint64_t Addr, std::string Message,
             bool Error = true,
             std::map<std::string, std::string> Fields = {}) {
    if (Listed[static_cast<unsigned>(Cat)]++ >= Opts.MaxListed) {
      R.Unlisted[static_cast<unsigned>(Cat)] += Error;
      return;
    }
    R.Issues.push_back(
        {Cat, Error, Addr, In.location(Addr), std::move(Message), Fields});
  }
  /// Records a GOT reference, into Refs (a slot's) or counted only.
  void gotRef(std::vector<GotRef> &Refs, GotRef Ref, bool CountsAsError) {
    if (Refs.size() >= Opts.MaxListed) {
      R.Unlisted[static_cast<unsigned>(Category::Got)] += CountsAsError;
      return;
    }
    Refs.push_back(std::move(Ref));
  }

private:
  uint64_t Listed[NumCategories] = {};
};

/// Runs every check on one ELF file.
llvm::Expected<Report> runChecks(llvm::MemoryBufferRef Buffer,
                                 const CheckOptions &Opts,
                                 const X86Decoder &Dec);

/// Rewrites the relocations listed in R.Fixes inside Image, a copy of the
/// file R was computed from. Returns how many entries changed.
llvm::Expected<unsigned> applyFixes(llvm::MutableArrayRef<uint8_t> Image,
                                    const Report &R);

// The individual checks (one file each).
void collectGotSlots(CheckContext &Ctx);
llvm::Error checkDynamicRelocs(CheckContext &Ctx);
llvm::Error checkStaticRelocs(CheckContext &Ctx);
void scanCodeForGotRefs(CheckContext &Ctx);
void finishGotSlots(CheckContext &Ctx);
/// Marks the findings outside --scope (Checks.cpp).
void applyScope(CheckContext &Ctx);
/// Marks the findings outside --scope (Checks.cpp).
void applyScope(CheckContext &Ctx);
llvm::Error checkStaleGotReloc(CheckContext &Ctx, const StaticReloc &Rel);
llvm::Error checkJumpTables(CheckContext &Ctx);

/// True for relocation types whose field is computed from a GOT slot.
bool isGotRelocType(uint32_t Type);
/// The GOTPCREL family that linkers relax (mov/call/jmp/test/binop).
bool isRelaxableGotType(uint32_t Type);

} // namespace gotfree

#endif
