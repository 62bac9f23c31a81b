//===- DynRelocs.cpp - Dynamic relocations: statistics, text relocations --===//
//
// Walks .rela.dyn/.rela.plt/.relr.dyn: counts types, reports relocations
// that write to non-writable memory (text relocations), and records what
// each GOT slot holds.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/ELF.h"

#include <tuple>

using namespace llvm;
using namespace llvm::ELF;

namespace gotfree {

namespace {
/// Decides whether an address is writable at run time: PT_LOAD flags when
/// there are program headers, section flags otherwise.
class Writability {
public:
  static Expected<Writability> create(const ElfInput &In) {
    Writability W(In);
    auto Phdrs = In.elf().program_headers();
    if (!Phdrs)
      return createStringError(inconvertibleErrorCode(),
                               "program headers: " +
                                   toString(Phdrs.takeError()));
    for (const auto &P : *Phdrs)
      if (P.p_type == PT_LOAD)
        W.Loads.push_back({P.p_vaddr, P.p_memsz, bool(P.p_flags & PF_W)});
    llvm::sort(W.Loads, [](const Load &A, const Load &B) {
      return std::tie(A.VAddr, A.MemSz) < std::tie(B.VAddr, B.MemSz);
    });
    return W;
  }
  bool writable(uint64_t Addr) const {
    if (Loads.empty()) {
      const SectionInfo *S = In->sectionAt(Addr);
      return !S || S->Write;
    }
    // Binary search; segments do not overlap in a sane file, and a few
    // steps back are enough for the rest (65535 PT_LOADs must not turn
    // every relocation into a linear scan).
    auto It = llvm::upper_bound(
        Loads, Addr, [](uint64_t A, const Load &L) { return A < L.VAddr; });
    for (int Steps = 0; It != Loads.begin() && Steps < 8; ++Steps) {
      const Load &L = *--It;
      if (Addr - L.VAddr < L.MemSz)
        return L.Write;
    }
    return true; // Outside every segment: not ours to judge.
  }

private:
  explicit Writability(const ElfInput &In) : In(&In) {}
  struct Load {
    uint64_t VAddr, MemSz;
    bool Write;
  };
  const ElfInput *In;
  std::vector<Load> Loads;
};
} // namespace

static Error checkDynamicFlags(CheckContext &Ctx) {
  const SectionInfo *Dyn = Ctx.In.findSection(".dynamic");
  if (!Dyn || Dyn->Data.empty())
    return Error::success();
  using Dyn_t = ELFT::Dyn;
  if (Dyn->Data.size() % sizeof(Dyn_t))
    return createStringError(inconvertibleErrorCode(),
                             "section '.dynamic': size " +
                                 hex(Dyn->Data.size()) +
                                 " is not a multiple of the entry size");
  // lld sets both DT_TEXTREL and DF_TEXTREL: one finding per file.
  std::vector<std::string> Seen;
  for (size_t Off = 0; Off < Dyn->Data.size(); Off += sizeof(Dyn_t)) {
    uint64_t Tag = Ctx.In.readLE(Dyn->Addr + Off, 8).value_or(0);
    uint64_t Val = Ctx.In.readLE(Dyn->Addr + Off + 8, 8).value_or(0);
    if (Tag == DT_NULL)
      break;
    if (Tag == DT_TEXTREL)
      Seen.push_back("DT_TEXTREL");
    if (Tag == DT_FLAGS && (Val & DF_TEXTREL))
      Seen.push_back("DF_TEXTREL");
  }
  if (!Seen.empty())
    Ctx.issue(Category::TextRel, Dyn->Addr,
              join(Seen.begin(), Seen.end(), " and ") +
                  " set: the loader must write to code");
  return Error::success();
}

// One dynamic relocation at Place: text relocation and GOT slot contents.
static void visitDynReloc(CheckContext &Ctx, const Writability &W,
                          uint64_t Place, const std::string &TypeName,
                          const std::string &Symbol) {
  if (!W.writable(Place))
    Ctx.issue(Category::TextRel, Place,
              TypeName + " " + Symbol + " writes to a non-writable segment",
              true, {{"type", TypeName}, {"symbol", Symbol}});
  if (GotSlot *Slot = Ctx.slotAt(Place)) {
    Slot->Symbol = Symbol;
    Slot->Source = TypeName;
  }
}

static void visitRelr(CheckContext &Ctx, const Writability &W, uint64_t Place,
                      DynRelocStats &Stats) {
  ++Stats.Addresses;
  uint64_t V = Ctx.In.readLE(Place, 8).value_or(0);
  std::string Symbol = Ctx.In.symbolize(V);
  visitDynReloc(Ctx, W, Place, "R_X86_64_RELATIVE(relr)",
                Symbol.empty() ? hex(V) : Symbol);
}

Error checkDynamicRelocs(CheckContext &Ctx) {
  const ElfInput &In = Ctx.In;
  if (In.isRelocatable())
    return Error::success();
  Expected<Writability> W = Writability::create(In);
  if (!W)
    return W.takeError();
  if (Error E = checkDynamicFlags(Ctx))
    return E;
  const ElfFile &Elf = In.elf();
  for (const SectionInfo &S : In.sections()) {
    if (!S.Hdr || !S.Alloc)
      continue;
    unsigned Type = S.Hdr->sh_type;
    auto Bad = [&](Error E) {
      return createStringError(inconvertibleErrorCode(),
                               "dynamic relocation section '" + S.Name +
                                   "': " + toString(std::move(E)));
    };
    if (Type == SHT_RELA) {
      DynRelocStats Stats{S.Name.str(), "rela", 0, 0, {}};
      Expected<ArrayRef<Rela>> Relas = Elf.relas(*S.Hdr);
      if (!Relas)
        return Bad(Relas.takeError());
      // Symbols of dynamic relocations live in the linked (dynamic) table.
      ArrayRef<Sym> DynSyms;
      StringRef DynStr;
      if (S.Hdr->sh_link && S.Hdr->sh_link < In.sections().size()) {
        const Shdr *L = In.sections()[S.Hdr->sh_link].Hdr;
        if (L && (L->sh_type == SHT_DYNSYM || L->sh_type == SHT_SYMTAB)) {
          Expected<ArrayRef<Sym>> Syms = Elf.symbols(L);
          if (!Syms)
            return Bad(Syms.takeError());
          Expected<StringRef> Str = Elf.getStringTableForSymtab(*L);
          if (!Str)
            return Bad(Str.takeError());
          DynSyms = *Syms;
          DynStr = *Str;
        }
      }
      for (const Rela &R : *Relas) {
        uint32_t RType = R.getType(false);
        std::string TypeName = In.relocTypeName(RType);
        ++Stats.Types[TypeName];
        ++Stats.Entries;
        ++Stats.Addresses;
        std::string Symbol;
        uint32_t SymIdx = R.getSymbol(false);
        if (SymIdx) {
          if (SymIdx >= DynSyms.size())
            return Bad(createStringError(inconvertibleErrorCode(),
                                         "symbol index " + Twine(SymIdx) +
                                             " out of range"));
          Expected<StringRef> N = DynSyms[SymIdx].getName(DynStr);
          if (!N)
            return Bad(N.takeError());
          Symbol = N->str();
          if (R.r_addend)
            Symbol += signedHex(R.r_addend);
        } else {
          // RELATIVE/IRELATIVE: the addend is the link-time address.
          Symbol = In.symbolize(R.r_addend);
          if (Symbol.empty())
            Symbol = hex(R.r_addend);
        }
        visitDynReloc(Ctx, *W, R.r_offset, TypeName, Symbol);
      }
      Ctx.R.Dyn.push_back(std::move(Stats));
    } else if (Type == SHT_REL) {
      DynRelocStats Stats{S.Name.str(), "rel", 0, 0, {}};
      Expected<ArrayRef<ELFT::Rel>> Rels = Elf.rels(*S.Hdr);
      if (!Rels)
        return Bad(Rels.takeError());
      for (const ELFT::Rel &R : *Rels) {
        std::string TypeName = In.relocTypeName(R.getType(false));
        ++Stats.Types[TypeName];
        ++Stats.Entries;
        ++Stats.Addresses;
        visitDynReloc(Ctx, *W, R.r_offset, TypeName, "");
      }
      Ctx.R.Dyn.push_back(std::move(Stats));
    } else if (Type == SHT_RELR) {
      DynRelocStats Stats{S.Name.str(), "relr", 0, 0, {}};
      Expected<ArrayRef<ELFT::Relr>> Relrs = Elf.relrs(*S.Hdr);
      if (!Relrs)
        return Bad(Relrs.takeError());
      Stats.Entries = Relrs->size();
      // Decoded on the fly: a bitmap word stands for up to 63 addresses,
      // too many to materialise for a hostile file.
      uint64_t Base = 0;
      for (uint64_t Entry : *Relrs) {
        if ((Entry & 1) == 0) {
          visitRelr(Ctx, *W, Entry, Stats);
          Base = Entry + 8;
          continue;
        }
        uint64_t Place = Base;
        for (Entry >>= 1; Entry; Entry >>= 1, Place += 8)
          if (Entry & 1)
            visitRelr(Ctx, *W, Place, Stats);
        Base += 63 * 8;
      }
      Stats.Types["R_X86_64_RELATIVE"] = Stats.Addresses;
      Ctx.R.Dyn.push_back(std::move(Stats));
    }
  }
  return Error::success();
}

} // namespace gotfree
