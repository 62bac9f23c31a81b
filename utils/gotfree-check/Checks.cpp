//===- Checks.cpp - Runs every check on one file --------------------------===//

#include "Checks.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

#include "llvm/BinaryFormat/ELF.h"

#include <tuple>

using namespace llvm;

namespace gotfree {

static const char *elfTypeName(unsigned Type) {
  switch (Type) {
  case ELF::ET_REL:
    return "relocatable object";
  case ELF::ET_EXEC:
    return "executable";
  case ELF::ET_DYN:
    return "shared object or PIE";
  }
  return "?";
}

void applyScope(CheckContext &Ctx) {
  if (Ctx.Opts.ScopeSymbols.empty())
    return;
  StringSet<> Names;
  for (const std::string &N : Ctx.Opts.ScopeSymbols)
    Names.insert(N);
  // [start, end) of every symbol of the file the scope names.
  std::vector<std::pair<uint64_t, uint64_t>> Ranges;
  for (const SymbolInfo &Sym : Ctx.In.sortedSymbols())
    if (Sym.Defined && Sym.Size && Names.contains(Sym.Name)) {
      ++Ctx.R.ScopeSymbols;
      Ranges.emplace_back(Sym.Addr, Sym.Addr + Sym.Size);
    }
  llvm::sort(Ranges);
  Ctx.R.ScopeRanges = Ranges.size();
  auto InScope = [&](uint64_t Addr) {
    auto It = llvm::upper_bound(
        Ranges, Addr, [](uint64_t A, const auto &R) { return A < R.first; });
    // Ranges may nest (an alias inside a function): look back a little.
    for (int I = 0; I < 4 && It != Ranges.begin(); ++I)
      if (Addr < (--It)->second)
        return true;
    return false;
  };
  for (GotSlot &S : Ctx.R.Slots)
    S.InScope = llvm::any_of(
        S.Refs, [&](const GotRef &Ref) { return InScope(Ref.Addr); });
  llvm::erase_if(Ctx.R.UnslottedGotRefs,
                 [&](const GotRef &Ref) { return !InScope(Ref.Addr); });
  for (Issue &I : Ctx.R.Issues)
    I.InScope = InScope(I.Addr);
}

Expected<Report> runChecks(MemoryBufferRef Buffer, const CheckOptions &Opts,
                           const X86Decoder &Dec) {
  Expected<std::unique_ptr<ElfInput>> In = ElfInput::load(Buffer);
  if (!In)
    return In.takeError();
  Report R;
  R.File = Buffer.getBufferIdentifier().str();
  R.ElfType = elfTypeName((*In)->elfType());
  std::copy(std::begin(Opts.Allowed), std::end(Opts.Allowed), R.Allowed);
  CheckContext Ctx(**In, Dec, Opts, R);
  // Order matters: slots first, then what fills them (dynamic relocations,
  // then static ones, then the contents), references last.
  collectGotSlots(Ctx);
  if (Error E = checkDynamicRelocs(Ctx))
    return std::move(E);
  if (Error E = checkStaticRelocs(Ctx))
    return std::move(E);
  scanCodeForGotRefs(Ctx);
  finishGotSlots(Ctx);
  if (Error E = checkJumpTables(Ctx))
    return std::move(E);
  applyScope(Ctx);
  // Group the output by category, in address order.
  llvm::sort(R.Issues, [](const Issue &A, const Issue &B) {
    return std::tie(A.Cat, A.Addr, A.Message) <
           std::tie(B.Cat, B.Addr, B.Message);
  });
  return std::move(R);
}

} // namespace gotfree
