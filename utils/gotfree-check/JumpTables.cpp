//===- JumpTables.cpp - Check jump-table annotations against the code -----===//
//
// The three annotation formats of design.md "Jump tables":
//   reloc-none       R_X86_64_NONE at the indirect jmp, against the table,
//                    the table an STT_OBJECT symbol sized to its entries;
//   annotate-insn    .discard.annotate_insn {.long insn - .; .long TYPE};
//   tablejump-pairs  .discard.tablejump_annotate {.quad jmp, .quad table}.
// For every annotated jump: the annotation is on an indirect jmp, and every
// table entry lands on an instruction boundary inside the same function.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/BinaryFormat/ELF.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

using namespace llvm;
using namespace llvm::ELF;

namespace gotfree {

namespace {
struct AnnotatedJump {
  const char *Format;
  uint64_t Jump;
  std::optional<uint64_t> Table; // annotate-insn finds it in the code.
};

/// Static relocations of one section, looked up by place.
class RelocIndex {
public:
  Error load(const ElfInput &In, const SectionInfo &Sec) {
    auto It = Cache.find(&Sec);
    if (It != Cache.end()) {
      Current = &It->second;
      return Error::success();
    }
    Expected<std::vector<StaticReloc>> R = In.relocsFor(Sec);
    if (!R)
      return R.takeError();
    Current = &(Cache[&Sec] = std::move(*R));
    return Error::success();
  }
  const StaticReloc *at(uint64_t Place) const {
    auto It = llvm::lower_bound(
        *Current, Place,
        [](const StaticReloc &R, uint64_t P) { return R.Place < P; });
    return It != Current->end() && It->Place == Place ? &*It : nullptr;
  }

private:
  std::map<const SectionInfo *, std::vector<StaticReloc>> Cache;
  const std::vector<StaticReloc> *Current = nullptr;
};

class JumpTableChecker {
public:
  explicit JumpTableChecker(CheckContext &Ctx) : Ctx(Ctx), In(Ctx.In) {}
  Error run();

private:
  Error collectRelocNone();
  Error collectAnnotateInsn();
  Error collectPairs();
  Error check(const AnnotatedJump &J);
  Expected<uint64_t> pointerAt(uint64_t Place, unsigned Size, bool PcRel);
  Expected<uint64_t> annotationWord(const SectionInfo &Sec, uint64_t Off,
                                    bool PcRel);
  const std::vector<uint64_t> &boundaries(const SymbolInfo &Fn);
  std::optional<uint64_t> tableFromCode(const SymbolInfo &Fn, uint64_t Jump);
  void requireAnnotations();
  void fail(const AnnotatedJump &J, const std::string &Msg) {
    Ctx.issue(Category::JumpTable, J.Jump, std::string(J.Format) + ": " + Msg,
              true, {{"format", J.Format}});
  }

  CheckContext &Ctx;
  const ElfInput &In;
  RelocIndex Relocs;
  std::vector<AnnotatedJump> Jumps;
  // File-controlled keys: not DenseMaps, whose reserved keys an address
  // could equal.
  std::unordered_map<uint64_t, std::vector<uint64_t>> FnBoundaries;
  std::unordered_map<uint64_t, uint64_t> DynRelative;
  bool DynRelativeLoaded = false;
  Error loadDynRelative();
};
} // namespace

// The word at Place after relocation: S + A from a static relocation when
// there is one (objects, --emit-relocs), else the linked contents.
Expected<uint64_t> JumpTableChecker::pointerAt(uint64_t Place, unsigned Size,
                                               bool PcRel) {
  const SectionInfo *Sec = In.sectionAt(Place);
  if (!Sec)
    return createStringError(inconvertibleErrorCode(),
                             "address " + hex(Place) + " is in no section");
  if (Error E = Relocs.load(In, *Sec))
    return std::move(E);
  if (const StaticReloc *R = Relocs.at(Place)) {
    Expected<SymbolInfo> S = In.symbol(R->SymIndex);
    if (!S)
      return S.takeError();
    // A PC-relative field holds S + A - P; callers add P back.
    return PcRel ? S->Addr + R->Addend - Place : S->Addr + R->Addend;
  }
  if (In.isRelocatable())
    return createStringError(inconvertibleErrorCode(),
                             "no relocation at " + In.location(Place));
  // A PIE without --emit-relocs: RELA leaves the address in the addend.
  if (Size == 8) {
    if (Error E = loadDynRelative())
      return std::move(E);
    auto It = DynRelative.find(Place);
    if (It != DynRelative.end())
      return It->second;
  }
  std::optional<uint64_t> V = In.readLE(Place, Size);
  if (!V)
    return createStringError(inconvertibleErrorCode(),
                             "cannot read " + In.location(Place));
  return Size == 4 ? uint64_t(int64_t(int32_t(*V))) : *V;
}

Error JumpTableChecker::loadDynRelative() {
  if (DynRelativeLoaded)
    return Error::success();
  DynRelativeLoaded = true;
  for (const SectionInfo &S : In.sections()) {
    if (!S.Hdr || !S.Alloc || S.Hdr->sh_type != SHT_RELA)
      continue;
    Expected<ArrayRef<Rela>> Relas = In.elf().relas(*S.Hdr);
    if (!Relas)
      return Relas.takeError();
    for (const Rela &R : *Relas)
      if (R.getType(false) == R_X86_64_RELATIVE)
        DynRelative[R.r_offset] = R.r_addend;
  }
  return Error::success();
}

Error JumpTableChecker::collectRelocNone() {
  // R_X86_64_NONE relocations were skipped by the main pass; gather them
  // from the code sections only.
  for (auto [RelSec, Target] : In.staticRelocSections()) {
    if (!Target->Exec || !Target->Alloc)
      continue;
    Expected<std::vector<StaticReloc>> All = In.relocsFor(*Target);
    if (!All)
      return All.takeError();
    for (const StaticReloc &R : *All) {
      if (R.Type != R_X86_64_NONE || R.RelocSec != RelSec)
        continue;
      Expected<SymbolInfo> S = In.symbol(R.SymIndex);
      if (!S)
        return S.takeError();
      Jumps.push_back({"reloc-none", R.Place, S->Addr + R.Addend});
    }
  }
  return Error::success();
}

// Annotation sections are not allocated: in a linked file their relocations
// are resolved with a section address of 0, so PC-relative entries are only
// meaningful in objects; absolute ones (pairs) are final in both.
static bool annotationsReadable(const ElfInput &In, const SectionInfo &Sec,
                                bool PcRel) {
  return In.isRelocatable() || Sec.Alloc || !PcRel;
}

Expected<uint64_t> JumpTableChecker::annotationWord(const SectionInfo &Sec,
                                                    uint64_t Off, bool PcRel) {
  if (In.isRelocatable() || Sec.Alloc)
    return pointerAt(Sec.Addr + Off, PcRel ? 4 : 8, PcRel);
  uint64_t V = 0;
  for (unsigned I = 0; I < 8; ++I)
    V |= uint64_t(Sec.Data[Off + I]) << (8 * I);
  return V;
}

Error JumpTableChecker::collectAnnotateInsn() {
  const SectionInfo *Sec = In.findSection(".discard.annotate_insn");
  if (!Sec || !annotationsReadable(In, *Sec, /*PcRel=*/true))
    return Error::success();
  for (uint64_t Off = 0; Off + 8 <= Sec->Data.size(); Off += 8) {
    uint64_t Entry = Sec->Addr + Off;
    Expected<uint64_t> Rel = annotationWord(*Sec, Off, /*PcRel=*/true);
    if (!Rel)
      return Rel.takeError();
    uint32_t Type = 0;
    for (unsigned I = 0; I < 4; ++I)
      Type |= uint32_t(Sec->Data[Off + 4 + I]) << (8 * I);
    if (Type == Ctx.Opts.AnnotateInsnType)
      Jumps.push_back({"annotate-insn", Entry + *Rel, std::nullopt});
  }
  return Error::success();
}

Error JumpTableChecker::collectPairs() {
  const SectionInfo *Sec = In.findSection(".discard.tablejump_annotate");
  if (!Sec)
    return Error::success();
  for (uint64_t Off = 0; Off + 16 <= Sec->Data.size(); Off += 16) {
    Expected<uint64_t> Jump = annotationWord(*Sec, Off, false);
    if (!Jump)
      return Jump.takeError();
    Expected<uint64_t> Table = annotationWord(*Sec, Off + 8, false);
    if (!Table)
      return Table.takeError();
    Jumps.push_back({"tablejump-pairs", *Jump, *Table});
  }
  return Error::success();
}

const std::vector<uint64_t> &
JumpTableChecker::boundaries(const SymbolInfo &Fn) {
  auto Found = FnBoundaries.find(Fn.Addr);
  if (Found != FnBoundaries.end())
    return Found->second;
  std::vector<uint64_t> Starts;
  std::optional<ArrayRef<uint8_t>> Bytes = In.bytesAt(Fn.Addr, Fn.Size);
  if (Bytes)
    Ctx.Dec.sweep(*Bytes, Fn.Addr, [&](const DecodedInsn &D) {
      if (D.Size)
        Starts.push_back(D.Addr);
    });
  return FnBoundaries[Fn.Addr] = std::move(Starts);
}

// annotate-insn names only the jump: the table is what the last
// `lea tbl(%rip)` before it in the function points at.
std::optional<uint64_t> JumpTableChecker::tableFromCode(const SymbolInfo &Fn,
                                                        uint64_t Jump) {
  std::optional<uint64_t> Table;
  for (uint64_t Addr : boundaries(Fn)) {
    if (Addr >= Jump)
      break;
    std::optional<DecodedInsn> D = Ctx.Dec.decodeAt(In, Addr);
    if (!D || !Ctx.Dec.opcodeName(D->Inst).starts_with("LEA"))
      continue;
    // In an object the displacement is 0 until relocated: use the
    // relocation at the displacement when there is one.
    uint64_t DispPlace = D->Addr + D->Size - 4;
    if (In.isRelocatable()) {
      if (Expected<uint64_t> T = pointerAt(DispPlace, 4, true))
        Table = D->Addr + D->Size + *T;
      else
        consumeError(T.takeError());
    } else if (std::optional<uint64_t> T = Ctx.Dec.ripTarget(*D)) {
      Table = *T;
    }
  }
  return Table;
}

Error JumpTableChecker::check(const AnnotatedJump &J) {
  std::optional<DecodedInsn> D = Ctx.Dec.decodeAt(In, J.Jump);
  std::optional<IndirectJump> Form =
      D ? Ctx.Dec.indirectJump(D->Inst) : std::nullopt;
  if (!Form) {
    fail(J, "annotation does not point at an indirect jmp" +
                (D ? " ('" + Ctx.Dec.text(*D) + "')" : std::string()));
    return Error::success();
  }
  const SymbolInfo *Fn = In.functionAt(J.Jump);
  if (!Fn) {
    fail(J, "jmp is not inside a sized STT_FUNC symbol");
    return Error::success();
  }
  std::optional<uint64_t> Table =
      J.Table ? J.Table : tableFromCode(*Fn, J.Jump);
  if (!Table) {
    fail(J, "no `lea table(%rip)` before the jmp in " + Fn->Name.str());
    return Error::success();
  }
  // `jmp *(t,i,8)`: absolute 8-byte entries; `jmp *%reg`: 4-byte entries
  // relative to the table (movslq + add before the jmp).
  unsigned EntSize;
  if (Form->Memory && Form->Scale == 8)
    EntSize = 8;
  else if (!Form->Memory)
    EntSize = 4;
  else {
    fail(J, "unsupported dispatch '" + Ctx.Dec.text(*D) + "'");
    return Error::success();
  }
  const SymbolInfo *TableSym = In.sizedSymbolAt(*Table, STT_OBJECT);
  std::string TableLoc = In.location(*Table);
  if (!TableSym) {
    fail(J, "table " + TableLoc + " has no sized STT_OBJECT symbol");
    return Error::success();
  }
  if (TableSym->Size % EntSize) {
    fail(J, "table " + TableLoc + " size " + hex(TableSym->Size) +
                " is not a multiple of " + std::to_string(EntSize));
    return Error::success();
  }
  uint64_t Count = TableSym->Size / EntSize;
  if (!In.bytesAt(*Table, TableSym->Size)) {
    fail(J, "table " + TableLoc + " extends past its section");
    return Error::success();
  }
  const std::vector<uint64_t> &Starts = boundaries(*Fn);
  unsigned Bad = 0;
  for (uint64_t K = 0; K < Count; ++K) {
    uint64_t Place = *Table + K * EntSize;
    Expected<uint64_t> V = pointerAt(Place, EntSize, EntSize == 4);
    if (!V) {
      fail(J, "entry " + std::to_string(K) + ": " + toString(V.takeError()));
      ++Bad;
      continue;
    }
    // Relative entries hold target - table (in objects S + A - P, which the
    // assembler made equal to the same difference).
    uint64_t Target = EntSize == 8 ? *V : *Table + *V;
    if (Target - Fn->Addr >= Fn->Size) {
      fail(J, "entry " + std::to_string(K) + " -> " + In.location(Target) +
                  " is outside " + Fn->Name.str());
      ++Bad;
    } else if (!std::binary_search(Starts.begin(), Starts.end(), Target)) {
      fail(J, "entry " + std::to_string(K) + " -> " + In.location(Target) +
                  " is not an instruction boundary");
      ++Bad;
    }
  }
  if (!Bad)
    Ctx.issue(Category::JumpTable, J.Jump,
              std::string(J.Format) + ": '" + Ctx.Dec.text(*D) + "' table " +
                  TableLoc + ", " + std::to_string(Count) + " x " +
                  std::to_string(EntSize) +
                  "-byte entries, all on instruction boundaries in " +
                  Fn->Name.str(),
              /*Error=*/false, {{"format", J.Format}});
  return Error::success();
}

Error JumpTableChecker::run() {
  if (Error E = collectRelocNone())
    return E;
  if (Error E = collectAnnotateInsn())
    return E;
  if (Error E = collectPairs())
    return E;
  for (const AnnotatedJump &J : Jumps)
    if (Error E = check(J))
      return E;
  if (Ctx.Opts.RequireAnnotations)
    requireAnnotations();
  return Error::success();
}

void JumpTableChecker::requireAnnotations() {
  std::unordered_set<uint64_t> Annotated; // File-controlled: no DenseSet.
  for (const AnnotatedJump &J : Jumps)
    Annotated.insert(J.Jump);
  for (const SymbolInfo &Fn : In.sortedSymbols()) {
    const SectionInfo *Sec = In.sectionAt(Fn.Addr);
    if (Fn.Type != ELF::STT_FUNC || !Fn.Size || !Sec || !Sec->Exec)
      continue;
    for (uint64_t Addr : boundaries(Fn)) {
      std::optional<DecodedInsn> D = Ctx.Dec.decodeAt(In, Addr);
      if (!D || !Ctx.Dec.indirectJump(D->Inst) || Annotated.count(Addr))
        continue;
      Ctx.issue(Category::JumpTable, Addr,
                "unannotated indirect jump '" + Ctx.Dec.text(*D) + "' in " +
                    Fn.Name.str() + " (--require-annotations)");
    }
  }
}

Error checkJumpTables(CheckContext &Ctx) {
  if (!Ctx.Opts.JumpTables)
    return Error::success();
  return JumpTableChecker(Ctx).run();
}

} // namespace gotfree
