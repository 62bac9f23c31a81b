//===- StaticRelocs.cpp - One pass over object / --emit-relocs relocations ===//
//
// Every static relocation is looked at once, so the cost is proportional to
// the number of relocations: GOT references, absolute relocations in
// allocated sections, and PC-relative relocations whose field no longer
// matches the code (a relocation left behind by a relaxation).
//
//===----------------------------------------------------------------------===//

#include "Checks.h"

#include "llvm/BinaryFormat/ELF.h"

using namespace llvm;
using namespace llvm::ELF;

namespace gotfree {

static bool isAbsoluteType(uint32_t Type) {
  return Type == R_X86_64_64 || Type == R_X86_64_32 || Type == R_X86_64_32S ||
         Type == R_X86_64_16 || Type == R_X86_64_8;
}

static std::string relocText(const ElfInput &In, uint32_t Type,
                             const SymbolInfo &S, int64_t Addend) {
  std::string Name = S.Name.empty() ? "*ABS*" : S.Name.str();
  return In.relocTypeName(Type) + " " + Name + signedHex(Addend);
}

static bool isPltSection(StringRef Name) {
  return Name == ".plt" || Name == ".plt.sec" || Name == ".plt.got" ||
         Name == ".iplt";
}

// A PC32/PLT32 relocation in linked code: the field must hold S + A - P (or
// reach a PLT entry). If it does not and no instruction has its
// displacement there either, the offset is stale.
static void checkPcRelField(CheckContext &Ctx, const StaticReloc &Rel,
                            const SymbolInfo &S) {
  if (!S.Defined || S.Type == STT_GNU_IFUNC)
    return;
  std::optional<uint64_t> Field = Ctx.In.readLE(Rel.Place, 4);
  if (!Field)
    return;
  uint32_t Want = static_cast<uint32_t>(S.Addr + Rel.Addend - Rel.Place);
  if (*Field == Want)
    return;
  uint64_t Reached = Rel.Place + static_cast<int32_t>(*Field) - Rel.Addend;
  const SectionInfo *T = Ctx.In.sectionAt(Reached);
  if (T && isPltSection(T->Name))
    return;
  if (Ctx.Dec.insnWithFieldAt(Ctx.In, Rel.Place))
    return; // The place is a real displacement; only the addend differs.
  Ctx.issue(Category::Stale, Rel.Place,
            relocText(Ctx.In, Rel.Type, S, Rel.Addend) +
                ": offset does not point at a displacement (field " +
                hex(*Field) + ", expected " + hex(Want) + ")",
            true,
            {{"type", Ctx.In.relocTypeName(Rel.Type)},
             {"symbol", S.Name.str()},
             {"pattern", "offset"}});
}

static Error visit(CheckContext &Ctx, const StaticReloc &Rel) {
  const ElfInput &In = Ctx.In;
  if (!Rel.Target->Alloc || Rel.Type == R_X86_64_NONE)
    return Error::success();
  bool Linked = !In.isRelocatable();
  uint32_t Type = Rel.Type;

  if (isGotRelocType(Type)) {
    Expected<SymbolInfo> S = In.symbol(Rel.SymIndex);
    if (!S)
      return S.takeError();
    std::optional<DecodedInsn> D = Ctx.Dec.insnWithFieldAt(In, Rel.Place);
    GotRef Ref{D ? D->Addr : Rel.Place, In.location(D ? D->Addr : Rel.Place),
               D ? Ctx.Dec.text(*D) : "", relocText(In, Type, *S, Rel.Addend),
               S->Name.str()};
    if (!Linked) {
      Ctx.gotRef(Ctx.R.UnslottedGotRefs, std::move(Ref), true);
      return Error::success();
    }
    std::optional<uint64_t> Target = D ? Ctx.Dec.ripTarget(*D) : std::nullopt;
    if (GotSlot *Slot = Target ? Ctx.slotAt(*Target) : nullptr) {
      if (Slot->Symbol.empty()) {
        Slot->Symbol = S->Name.str();
        Slot->Source = In.relocTypeName(Type);
      }
      Ctx.gotRef(Slot->Refs, std::move(Ref), false);
      return Error::success();
    }
    if (Rel.Target->Exec && isRelaxableGotType(Type))
      return checkStaleGotReloc(Ctx, Rel);
    return Error::success(); // Relaxed TLS sequences: not a GOT use.
  }

  if (isAbsoluteType(Type)) {
    if (Type == R_X86_64_64 && !Rel.Target->Exec) {
      ++Ctx.R.DataAbs64;
      return Error::success();
    }
    Expected<SymbolInfo> S = In.symbol(Rel.SymIndex);
    if (!S)
      return S.takeError();
    Ctx.issue(Category::Abs, Rel.Place,
              relocText(In, Type, *S, Rel.Addend) + " in " +
                  Rel.Target->Name.str(),
              true,
              {{"type", In.relocTypeName(Type)},
               {"symbol", S->Name.str()},
               {"section", Rel.Target->Name.str()}});
    return Error::success();
  }

  if (Linked && Rel.Target->Exec &&
      (Type == R_X86_64_PC32 || Type == R_X86_64_PLT32)) {
    Expected<SymbolInfo> S = In.symbol(Rel.SymIndex);
    if (!S)
      return S.takeError();
    checkPcRelField(Ctx, Rel, *S);
  }
  return Error::success();
}

Error checkStaticRelocs(CheckContext &Ctx) {
  for (auto [RelSec, Target] : Ctx.In.staticRelocSections())
    if (Target->Exec && Target->Alloc && RelSec->Size)
      Ctx.HasCodeRelocs = true;
  return Ctx.In.forEachStaticReloc([&](const StaticReloc &Rel) -> Error {
    ++Ctx.R.StaticRelocs;
    return visit(Ctx, Rel);
  });
}

} // namespace gotfree
