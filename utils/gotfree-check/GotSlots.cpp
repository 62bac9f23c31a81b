//===- GotSlots.cpp - GOT slots and the instructions that reach them ------===//

#include "Checks.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/BinaryFormat/ELF.h"
#include <unordered_set>

using namespace llvm;

namespace gotfree {

bool isGotRelocType(uint32_t Type) {
  using namespace ELF;
  switch (Type) {
  case R_X86_64_GOT32:
  case R_X86_64_GOTPCREL:
  case R_X86_64_TLSGD:
  case R_X86_64_TLSLD:
  case R_X86_64_GOTTPOFF:
  case R_X86_64_GOT64:
  case R_X86_64_GOTPCREL64:
  case R_X86_64_GOTPLT64:
  case R_X86_64_GOTPC32_TLSDESC:
  case R_X86_64_GOTPCRELX:
  case R_X86_64_REX_GOTPCRELX:
  case R_X86_64_CODE_4_GOTPCRELX:
  case R_X86_64_CODE_4_GOTTPOFF:
  case R_X86_64_CODE_4_GOTPC32_TLSDESC:
    return true;
  default:
    return false;
  }
}

bool isRelaxableGotType(uint32_t Type) {
  using namespace ELF;
  return Type == R_X86_64_GOTPCREL || Type == R_X86_64_GOTPCRELX ||
         Type == R_X86_64_REX_GOTPCRELX || Type == R_X86_64_CODE_4_GOTPCRELX;
}

void collectGotSlots(CheckContext &Ctx) {
  if (Ctx.In.isRelocatable())
    return;
  for (const SectionInfo &S : Ctx.In.sections()) {
    if (!S.Alloc || (S.Name != ".got" && S.Name != ".got.plt"))
      continue;
    // .got.plt starts with three words for the dynamic loader, not symbols.
    uint64_t First = S.Name == ".got.plt" ? 3 : 0;
    // Data, not sh_size: a NOBITS or lying header cannot make this loop
    // longer than the file.
    for (uint64_t I = First; I < S.Data.size() / 8; ++I) {
      GotSlot Slot;
      Slot.Addr = S.Addr + I * 8;
      Slot.Section = S.Name.str();
      Ctx.SlotIndex[Slot.Addr] = Ctx.R.Slots.size();
      Ctx.R.Slots.push_back(std::move(Slot));
    }
  }
}

void scanCodeForGotRefs(CheckContext &Ctx) {
  const ElfInput &In = Ctx.In;
  if (In.isRelocatable() || Ctx.SlotIndex.empty())
    return;
  bool Scan = Ctx.Opts.ScanCode == ScanMode::Always ||
              (Ctx.Opts.ScanCode == ScanMode::Auto && !Ctx.HasCodeRelocs);
  if (!Scan)
    return;
  Ctx.R.CodeScanned = true;
  std::unordered_set<uint64_t> Known; // File-controlled keys: no DenseSet.
  for (const GotSlot &S : Ctx.R.Slots)
    for (const GotRef &Ref : S.Refs)
      Known.insert(Ref.Addr);
  // Restart the sweep at every symbol so that data in code or padding
  // cannot desynchronise more than one function. Symbols are sorted, so
  // each section's starts come out sorted too.
  DenseMap<const SectionInfo *, std::vector<uint64_t>> StartsOf;
  for (const SymbolInfo &Sym : In.sortedSymbols()) {
    const SectionInfo *Sec = In.sectionAt(Sym.Addr);
    if (Sec && Sec->Exec && Sec->Alloc && Sym.Addr != Sec->Addr) {
      std::vector<uint64_t> &V = StartsOf[Sec];
      if (V.empty() || V.back() != Sym.Addr)
        V.push_back(Sym.Addr);
    }
  }
  for (const SectionInfo &Sec : In.sections()) {
    if (!Sec.Exec || !Sec.Alloc || Sec.Data.empty())
      continue;
    std::vector<uint64_t> Starts{Sec.Addr};
    auto It = StartsOf.find(&Sec);
    if (It != StartsOf.end())
      for (uint64_t A : It->second)
        if (A - Sec.Addr < Sec.Data.size())
          Starts.push_back(A);
    Starts.push_back(Sec.Addr + Sec.Data.size());
    for (size_t I = 0; I + 1 < Starts.size(); ++I) {
      ArrayRef<uint8_t> Bytes =
          Sec.Data.slice(Starts[I] - Sec.Addr, Starts[I + 1] - Starts[I]);
      Ctx.Dec.sweep(Bytes, Starts[I], [&](const DecodedInsn &D) {
        if (!D.Size)
          return;
        std::optional<uint64_t> T = Ctx.Dec.ripTarget(D);
        if (!T)
          return;
        GotSlot *Slot = Ctx.slotAt(*T);
        if (!Slot || !Known.insert(D.Addr).second)
          return;
        Ctx.gotRef(Slot->Refs,
                   {D.Addr, In.location(D.Addr), Ctx.Dec.text(D), "code", ""},
                   false);
      });
    }
  }
}

void finishGotSlots(CheckContext &Ctx) {
  const ElfInput &In = Ctx.In;
  for (GotSlot &S : Ctx.R.Slots) {
    if (!S.Symbol.empty())
      continue;
    // A static link leaves the final address in the slot itself.
    uint64_t V = In.readLE(S.Addr, 8).value_or(0);
    std::string Sym = V ? In.symbolize(V) : "";
    S.Symbol = Sym.empty() ? hex(V) : Sym;
    S.Source = "contents";
  }
  for (GotSlot &S : Ctx.R.Slots)
    llvm::sort(S.Refs, [](const GotRef &A, const GotRef &B) {
      return A.Addr < B.Addr;
    });
}

} // namespace gotfree
