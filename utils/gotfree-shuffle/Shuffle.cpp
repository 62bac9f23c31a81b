//===- Shuffle.cpp - Function-granular shuffling of a linked image --------===//
//
// 1. Units: each STT_FUNC/STT_GNU_IFUNC symbol of .text starts one; a unit
//    ends where its symbols end (its padding is dropped).
// 2. Fields: every static relocation of an allocated section (and every
//    dynamic one, and the GOT slots the linker filled) becomes a Field: a
//    place, a width and kind, and an anchor, the address whose move decides
//    the new value. Fields are checked against the linked bytes first.
// 3. Blocks: the decoder finds PC-relative references without a relocation;
//    they either join their units into one block or are refused.
// 4. Layout: the blocks in a seeded random order, each at an address
//    congruent to its old one modulo its alignment.
// 5. Output: the moved bytes, every Field recomputed, the relocation records,
//    symbols, entry point and .eh_frame_hdr updated; optionally the map for a
//    start-up shuffle (gotfree-shuffle-map.h).
//
//===----------------------------------------------------------------------===//

#include "Shuffle.h"

#include "Checks.h"
#include "gotfree-shuffle-map.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <map>
#include <random>
#include <unordered_map>

using namespace llvm;
using namespace llvm::ELF;
using namespace llvm::support;

namespace gotfree {
namespace {

// Field offsets of Elf64_Rela and Elf64_Sym (ELF gABI).
constexpr uint64_t RelaOffsetOffset = 0, RelaAddendOffset = 16;
constexpr uint64_t SymValueOffset = 8, ShdrSizeOffset = 32;

/// Filler between moved blocks: int3, what lld pads x86 code with.
constexpr uint8_t FillByte = 0xcc;

enum class FieldKind { Pc32, Pc64, Abs64, Abs32, Abs32S };

unsigned widthOf(FieldKind K) {
  return K == FieldKind::Pc64 || K == FieldKind::Abs64 ? 8 : 4;
}
bool isPcRel(FieldKind K) {
  return K == FieldKind::Pc32 || K == FieldKind::Pc64;
}

/// One field whose value may depend on where functions are. Its value is
/// x - place (PC-relative kinds) or x, with x = map(Anchor) + Delta.
struct Field {
  /// The field's section; Place is an address (for a non-allocated section,
  /// its offset in the section), and it moves only in .text.
  const SectionInfo *Sec = nullptr;
  uint64_t Place = 0;
  FieldKind Kind = FieldKind::Abs64;
  uint64_t Anchor = 0;
  int64_t Delta = 0;
  /// False for RELA words the linker left zero: the dynamic relocation
  /// carries the value and the field stays as it is.
  bool Write = true;
};

/// A static relocation record to update (its r_offset and, for relocations
/// against a section symbol, its addend).
struct Record {
  const SectionInfo *RelSec = nullptr;
  uint64_t Entry = 0;
  uint64_t Place = 0;
  bool InText = false;
  int64_t Addend = 0;
  /// Set when the addend encodes the target: the index of its Field and the
  /// section symbol's value.
  std::optional<size_t> FieldIndex;
  uint64_t SymValue = 0;
};

/// A dynamic RELATIVE/IRELATIVE addend that is a .text address.
struct DynAddend {
  uint64_t FileOff = 0;
  uint64_t Addend = 0;
};

struct Unit {
  uint64_t Start = 0, End = 0, SpanEnd = 0, Align = 1;
  StringRef Name;
};

struct Block {
  uint64_t Start = 0, End = 0, Align = 1, NewStart = 0;
  unsigned FirstUnit = 0, LastUnit = 0;
};

/// Fields computed from a GOT slot or the GOT's address (gotfree-check's
/// list, plus GOT - P).
bool isGotOrTlsType(uint32_t T) {
  return isGotRelocType(T) || T == R_X86_64_GOTPC32 || T == R_X86_64_GOTPC64;
}

/// Relocations whose value does not depend on any code address.
bool isLayoutFree(uint32_t T) {
  switch (T) {
  case R_X86_64_NONE:
  case R_X86_64_TPOFF32:
  case R_X86_64_TPOFF64:
  case R_X86_64_DTPOFF32:
  case R_X86_64_DTPOFF64:
  case R_X86_64_DTPMOD64:
  case R_X86_64_SIZE32:
  case R_X86_64_SIZE64:
  case R_X86_64_TLSDESC_CALL:
    return true;
  default:
    return false;
  }
}

bool isDebugSection(StringRef Name) {
  return Name.starts_with(".debug") || Name.starts_with(".zdebug") ||
         Name.starts_with(".rela.debug");
}

std::optional<FieldKind> kindOf(uint32_t T) {
  switch (T) {
  case R_X86_64_PC32:
  case R_X86_64_PLT32:
    return FieldKind::Pc32;
  case R_X86_64_PC64:
    return FieldKind::Pc64;
  case R_X86_64_64:
    return FieldKind::Abs64;
  case R_X86_64_32:
    return FieldKind::Abs32;
  case R_X86_64_32S:
    return FieldKind::Abs32S;
  default:
    return std::nullopt;
  }
}

class Shuffler {
public:
  Shuffler(const ElfInput &In, const X86Decoder &Dec,
           const ShuffleOptions &Opts, ShuffleResult &R)
      : In(In), Dec(Dec), Opts(Opts), R(R) {}
  Error run(MemoryBufferRef Buffer);

private:
  Error checkInput(MemoryBufferRef Buffer);
  void buildUnits();
  Error collectStaticRelocs();
  Error addStaticReloc(const StaticReloc &Rel, bool Code);
  Error collectDynamic();
  Error addGotSlot(const StaticReloc &Rel);
  void scanUnrelocated();
  void buildBlocks();
  void checkPadding();
  Error layout();
  Error write();
  Error sortEhFrameHdr(MutableArrayRef<uint8_t> Out);
  Error embed(MutableArrayRef<uint8_t> Out);

  const Unit *unitAt(uint64_t A) const;
  unsigned unitIndexAt(uint64_t A) const;
  bool inText(uint64_t A) const { return A >= TextAddr && A < TextEnd; }
  uint64_t map(uint64_t A) const;
  uint64_t fileOffset(const SectionInfo &S, uint64_t Addr) const {
    return S.Hdr->sh_offset + (Addr - S.Addr);
  }
  bool hasRelocIn(uint64_t Lo, uint64_t Hi) const;
  void addField(Field F);
  void finding(uint64_t Addr, const Twine &Msg) {
    R.Findings.push_back({Addr, In.location(Addr), Msg.str()});
  }
  Error bad(uint64_t Addr, const Twine &Msg) const {
    return createStringError(inconvertibleErrorCode(),
                             In.location(Addr) + ": " + Msg.str());
  }
  std::optional<uint64_t> readField(const SectionInfo &S, uint64_t Place,
                                    FieldKind K) const;
  uint64_t newPlace(const Field &F) const {
    return F.Sec == Text ? map(F.Place) : F.Place;
  }
  bool changes(const Field &F) const {
    return F.Sec == Text || inText(F.Anchor);
  }
  static uint64_t fieldKey(const SectionInfo &S, uint64_t Place) {
    return (uint64_t(S.Index) << 48) ^ Place;
  }

  const ElfInput &In;
  const X86Decoder &Dec;
  const ShuffleOptions &Opts;
  ShuffleResult &R;
  const SectionInfo *Text = nullptr;
  uint64_t TextAddr = 0, TextEnd = 0;
  /// Where the shuffled blocks may end, and where they do (at least TextEnd).
  uint64_t TextRoom = 0, NewTextEnd = 0;
  std::vector<Unit> Units;
  std::vector<Block> Blocks; // Sorted by Start.
  /// Join[I]: units I and I+1 move together.
  std::vector<bool> Join;
  std::vector<Field> Fields;
  std::unordered_map<uint64_t, size_t> FieldAt;
  std::vector<Record> Records;
  std::vector<DynAddend> DynAddends;
  /// Words dynamic relocations cover; used where no static record does.
  std::vector<Field> DynFields;
  /// Places of static relocations in executable sections, sorted.
  std::vector<uint64_t> CodeRelocPlaces;
  /// Data addresses code refers to: where relative jump tables start.
  std::vector<uint64_t> CodeRefs;
  /// Data places covered by a dynamic relocation.
  std::unordered_map<uint64_t, bool> DynPlaces;
};

Error Shuffler::checkInput(MemoryBufferRef Buffer) {
  if (In.elfType() != ET_EXEC && In.elfType() != ET_DYN)
    return createStringError(inconvertibleErrorCode(),
                             "not an executable (ET_EXEC or ET_DYN); "
                             "gotfree-shuffle works on linked images");
  // The output rewrites section contents in place.
  if (Error E = In.checkDisjointLayout())
    return E;
  Text = In.findSection(".text");
  if (!Text || !Text->Exec || !Text->Alloc || Text->Data.empty())
    return createStringError(inconvertibleErrorCode(),
                             "no executable .text section with contents");
  TextAddr = Text->Addr;
  TextEnd = Text->Addr + Text->Size;
  bool TextRelocs = any_of(In.staticRelocSections(),
                           [&](auto &P) { return P.second == Text; });
  if (!TextRelocs)
    return createStringError(
        inconvertibleErrorCode(),
        "no static relocations for .text: link with --emit-relocs (ld.lld "
        "or GNU ld), so that every reference to a function is recorded");

  // Stale records from a stock lld describe instructions that are no longer
  // there; gotfree-check decides which they are.
  CheckOptions CO;
  CO.ScanCode = ScanMode::Never;
  CO.JumpTables = false;
  Expected<Report> Rep = runChecks(Buffer, CO, Dec);
  if (!Rep)
    return Rep.takeError();
  for (const Issue &I : Rep->Issues)
    if (I.Cat == Category::Stale && I.Error)
      finding(I.Addr, "stale --emit-relocs record: " + I.Message +
                          "; run 'gotfree-check --fix-emit-relocs' on the "
                          "input first, or link with the patched lld "
                          "(lld-patches/0002)");
  return Error::success();
}

void Shuffler::buildUnits() {
  const std::vector<SymbolInfo> &Syms = In.sortedSymbols();
  for (const SymbolInfo &S : Syms) {
    if (!inText(S.Addr) || (S.Type != STT_FUNC && S.Type != STT_GNU_IFUNC))
      continue;
    if (!Units.empty() && Units.back().Start == S.Addr)
      continue;
    Unit U;
    U.Start = S.Addr;
    U.Name = S.Name;
    Units.push_back(U);
  }
  // Bytes before the first function form an unnamed unit of their own.
  if (Units.empty() || Units.front().Start != TextAddr) {
    Unit U;
    U.Start = TextAddr;
    U.Name = "<start of .text>";
    Units.insert(Units.begin(), U);
  }
  for (size_t I = 0; I < Units.size(); ++I)
    Units[I].SpanEnd = I + 1 < Units.size() ? Units[I + 1].Start : TextEnd;
  // A unit ends where the last symbol inside it ends; a unit whose symbols
  // have no size keeps its whole span.
  for (const SymbolInfo &S : Syms) {
    if (!inText(S.Addr))
      continue;
    Unit &U = Units[unitIndexAt(S.Addr)];
    U.End = std::max(U.End, std::min(S.Addr + S.Size, U.SpanEnd));
  }
  uint64_t SecAlign = std::max<uint64_t>(1, Text->Hdr->sh_addralign);
  for (size_t I = 0; I < Units.size(); ++I) {
    Unit &U = Units[I];
    if (U.End <= U.Start)
      U.End = U.SpanEnd;
    // Alignment: what the address allows, at least what the compiler gives
    // every function (16) and what the padding before it shows.
    uint64_t Low = U.Start ? (U.Start & -U.Start) : SecAlign;
    uint64_t Cap = std::min(Low, SecAlign);
    uint64_t A = std::min<uint64_t>(16, Cap);
    if (I > 0 && U.Start > Units[I - 1].End)
      A = std::max(A, PowerOf2Ceil(U.Start - Units[I - 1].End + 1));
    U.Align = std::min(A, Cap);
    if (I == 0)
      U.Align = Cap;
  }
  Join.assign(Units.size(), false);
}

unsigned Shuffler::unitIndexAt(uint64_t A) const {
  auto It = llvm::upper_bound(
      Units, A, [](uint64_t V, const Unit &U) { return V < U.Start; });
  return It == Units.begin() ? 0 : (It - Units.begin()) - 1;
}

const Unit *Shuffler::unitAt(uint64_t A) const {
  return inText(A) ? &Units[unitIndexAt(A)] : nullptr;
}

/// Only the blocks move; the padding between them is filled again. Padding
/// that holds anything but fill (int3, nops, zeros), a field or relocation
/// record in it, or an address in it that a field refers to, would be left
/// behind (a function symbol smaller than its code, or code no symbol
/// covers): a finding. An address at a block's end is its end, not padding.
void Shuffler::checkPadding() {
  for (size_t I = 0; I < Blocks.size(); ++I) {
    uint64_t Lo = Blocks[I].End;
    uint64_t Hi = I + 1 < Blocks.size() ? Blocks[I + 1].Start : TextEnd;
    ArrayRef<uint8_t> Bytes = Text->Data.slice(Lo - TextAddr, Hi - Lo);
    for (uint64_t Off = 0; Off < Bytes.size();) {
      if (Bytes[Off] == 0) {
        ++Off;
        continue;
      }
      std::optional<DecodedInsn> D =
          Dec.decode(Bytes.drop_front(Off), Lo + Off);
      StringRef Name = D ? Dec.opcodeName(D->Inst) : StringRef();
      if (!D || !(Name == "INT3" || Name.starts_with("NOOP"))) {
        finding(Lo + Off,
                "the padding after " + Units[Blocks[I].LastUnit].Name + " (0x" +
                    utohexstr(Lo, /*LowerCase=*/true) + "-0x" +
                    utohexstr(Hi, true) + ") holds " +
                    (D ? "'" + Dec.text(*D) + "'" : std::string("bytes")) +
                    ", not fill: it would not move with any function "
                    "(a function symbol smaller than its code?)");
        break;
      }
      Off += D->Size;
    }
  }

  auto Padding = [&](uint64_t A, bool EndIsBlock) -> const Block * {
    if (!inText(A))
      return nullptr;
    auto It = llvm::upper_bound(
        Blocks, A, [](uint64_t V, const Block &B) { return V < B.Start; });
    const Block &B = *std::prev(It);
    return A < B.End || (EndIsBlock && A == B.End) ? nullptr : &B;
  };
  auto Report = [&](uint64_t A, const Block &B, const Twine &What) {
    finding(A, What + " lies in the padding after " + Units[B.LastUnit].Name +
                   " (which ends at 0x" + utohexstr(B.End, /*LowerCase=*/true) +
                   "), which does not move with any function");
  };
  for (const Field &F : Fields) {
    if (F.Sec == Text)
      if (const Block *B = Padding(F.Place, false))
        Report(F.Place, *B, "a field that depends on the layout");
    if (const Block *B = Padding(F.Anchor, true))
      Report(F.Place, *B,
             "the address 0x" + utohexstr(F.Anchor, true) +
                 " that a field refers to");
  }
  for (const Record &Rec : Records)
    if (Rec.InText)
      if (const Block *B = Padding(Rec.Place, false))
        Report(Rec.Place, *B, "a relocation record");
}

uint64_t Shuffler::map(uint64_t A) const {
  if (!inText(A))
    return A;
  auto It = llvm::upper_bound(
      Blocks, A, [](uint64_t V, const Block &B) { return V < B.Start; });
  const Block &B = *std::prev(It);
  return A - B.Start + B.NewStart;
}

bool Shuffler::hasRelocIn(uint64_t Lo, uint64_t Hi) const {
  auto It = llvm::lower_bound(CodeRelocPlaces, Lo);
  return It != CodeRelocPlaces.end() && *It < Hi;
}

std::optional<uint64_t> Shuffler::readField(const SectionInfo &S,
                                            uint64_t Place, FieldKind K) const {
  uint64_t Off = Place - S.Addr;
  if (Place < S.Addr || Off > S.Data.size() || S.Data.size() - Off < widthOf(K))
    return std::nullopt;
  std::optional<uint64_t> V =
      widthOf(K) == 8 ? endian::read64le(S.Data.data() + Off)
                      : uint64_t(endian::read32le(S.Data.data() + Off));
  switch (K) {
  case FieldKind::Pc32:
    return Place + static_cast<int64_t>(static_cast<int32_t>(*V));
  case FieldKind::Pc64:
    return Place + *V;
  case FieldKind::Abs32S:
    return static_cast<uint64_t>(
        static_cast<int64_t>(static_cast<int32_t>(*V)));
  case FieldKind::Abs32:
  case FieldKind::Abs64:
    return *V;
  }
  return std::nullopt;
}

void Shuffler::addField(Field F) {
  auto [It, New] =
      FieldAt.try_emplace(fieldKey(*F.Sec, F.Place), Fields.size());
  if (New)
    Fields.push_back(F);
}

// Decides, for one static relocation, which address its field follows.
Error Shuffler::addStaticReloc(const StaticReloc &Rel, bool Code) {
  Record Rec;
  Rec.RelSec = Rel.RelocSec;
  Rec.Entry = Rel.EntryIndex;
  Rec.Place = Rel.Place;
  Rec.InText = Rel.Target == Text;
  Rec.Addend = Rel.Addend;
  auto Done = [&] {
    Records.push_back(Rec);
    return Error::success();
  };
  if (isLayoutFree(Rel.Type))
    return Done();
  Expected<SymbolInfo> S = In.symbol(Rel.SymIndex);
  if (!S)
    return S.takeError();
  std::string What =
      In.relocTypeName(Rel.Type) + " " + S->Name.str() + signedHex(Rel.Addend);

  // Code fields are what the instruction makes of them: a RIP displacement
  // or branch offset is PC-relative whatever the record says (TLS and GOT
  // sequences may have been relaxed to immediates).
  std::optional<DecodedInsn> D;
  if (Code)
    D = Dec.insnWithFieldAt(In, Rel.Place);
  if (isGotOrTlsType(Rel.Type)) {
    if (!D)
      return Done(); // Relaxed to an immediate that no move changes.
    std::optional<uint64_t> X =
        readField(*Rel.Target, Rel.Place, FieldKind::Pc32);
    uint64_t Target = D->Addr + D->Size + (*X - Rel.Place);
    if (inText(Target))
      return bad(Rel.Place, What + ": a GOT or TLS access that reaches .text "
                                   "directly is not supported");
    Field F;
    F.Sec = Rel.Target;
    F.Place = Rel.Place;
    F.Kind = FieldKind::Pc32;
    F.Anchor = *X;
    addField(F);
    return Done();
  }

  std::optional<FieldKind> K = kindOf(Rel.Type);
  if (!K)
    return bad(Rel.Place,
               What + ": relocation type not supported by gotfree-shuffle");
  if (Code && !D && isPcRel(*K) && Rel.Type == R_X86_64_PLT32) {
    // GNU ld relaxes general-dynamic TLS sequences to local-exec and keeps
    // the call's record: the field is now part of a %fs-relative access.
    if (S->Name == "__tls_get_addr")
      return Done();
    return bad(Rel.Place, What + ": no call or jump has its offset here");
  }
  if (!Rel.Target->Alloc && isPcRel(*K))
    return Done(); // Not an address in the image: nothing to re-apply.
  std::optional<uint64_t> X = readField(*Rel.Target, Rel.Place, *K);
  if (!X)
    return bad(Rel.Place, What + ": field outside the section's contents");
  uint64_t Expected = S->Addr + Rel.Addend;
  Field F;
  F.Sec = Rel.Target;
  F.Place = Rel.Place;
  F.Kind = *K;
  if (*X != Expected && !Rec.InText && !inText(*X) && !inText(Expected))
    return Done(); // Not about code: e.g. lld's records of merged CIEs.
  if (*X != Expected) {
    bool LinkerTarget = !S->Defined || S->Type == STT_GNU_IFUNC;
    bool DynWord = !isPcRel(*K) && In.elfType() == ET_DYN && !Code &&
                   Rel.Target->Alloc && DynPlaces.count(Rel.Place);
    if (DynWord) {
      // RELA without --apply-dynamic-relocs: the addend holds the value.
      F.Write = *X != 0;
      X = Expected;
      if (F.Write)
        return bad(Rel.Place, What + ": the field holds " + hex(*X) +
                                  ", the relocation says " + hex(Expected));
    } else if (LinkerTarget && !inText(*X - Rel.Addend)) {
      // A PLT entry for an ifunc, or an undefined weak symbol: the linker
      // chose a target outside .text, which does not move.
      F.Anchor = *X;
      addField(F);
      return Done();
    } else {
      finding(Rel.Place, "the relocation " + What +
                             " does not describe the "
                             "linked field (it holds " +
                             hex(*X) + ", expected " + hex(Expected) + ")");
      return Done();
    }
  }

  if (S->Type != STT_SECTION) {
    // Named symbol: it moves, the addend stays.
    F.Anchor = S->Addr;
    F.Delta = Rel.Addend;
  } else if (D && isPcRel(*K)) {
    // The instruction refers to the address after it plus the offset.
    uint64_t Ref = D->Addr + D->Size + (*X - Rel.Place);
    F.Anchor = Ref;
    F.Delta = static_cast<int64_t>(*X - Ref);
  } else if (isPcRel(*K) && !Code) {
    // `.long target - table`: the linker folded the entry's distance from
    // the table base into the addend, so X = target + (place - base). The
    // base is an address the code refers to.
    F.Anchor = *X;
    auto It = llvm::upper_bound(CodeRefs, Rel.Place);
    if (It != CodeRefs.begin()) {
      uint64_t Base = *std::prev(It);
      const SectionInfo *BS = In.sectionAt(Base);
      uint64_t Dist = Rel.Place - Base;
      uint64_t Target = *X - Dist;
      if (BS == Rel.Target && Dist < (1u << 20) && inText(Target) &&
          unitAt(Target) != unitAt(*X)) {
        F.Anchor = Target;
        F.Delta = static_cast<int64_t>(Dist);
      }
    }
  } else {
    F.Anchor = *X;
  }
  if (S->Type == STT_SECTION && inText(F.Anchor)) {
    Rec.FieldIndex = Fields.size();
    Rec.SymValue = S->Addr;
  }
  auto [It, New] =
      FieldAt.try_emplace(fieldKey(*F.Sec, F.Place), Fields.size());
  if (New)
    Fields.push_back(F);
  else if (Rec.FieldIndex)
    Rec.FieldIndex = It->second;
  if (Code)
    ++R.Stats.CodeRelocs;
  else
    ++R.Stats.DataRelocs;
  return Done();
}

Error Shuffler::collectStaticRelocs() {
  std::vector<StaticReloc> CodeRel, DataRel;
  if (Error E = In.forEachStaticReloc([&](const StaticReloc &Rel) {
        // Debug sections are dropped; other non-allocated sections (e.g.
        // .discard.tablejump_annotate) keep describing the code.
        if (!Rel.Target->Alloc && isDebugSection(Rel.Target->Name))
          return Error::success();
        (Rel.Target->Exec ? CodeRel : DataRel).push_back(Rel);
        return Error::success();
      }))
    return E;
  for (const StaticReloc &Rel : CodeRel)
    if (Rel.Type != R_X86_64_NONE)
      CodeRelocPlaces.push_back(Rel.Place);
  llvm::sort(CodeRelocPlaces);
  // Code first: its references to data give the jump-table bases.
  for (const StaticReloc &Rel : CodeRel) {
    if (Error E = addStaticReloc(Rel, /*Code=*/true))
      return E;
    if (Error E = addGotSlot(Rel))
      return E;
  }
  for (const Field &F : Fields)
    if (const SectionInfo *S = In.sectionAt(F.Anchor))
      if (!S->Exec)
        CodeRefs.push_back(F.Anchor);
  llvm::sort(CodeRefs);
  CodeRefs.erase(std::unique(CodeRefs.begin(), CodeRefs.end()), CodeRefs.end());
  for (const StaticReloc &Rel : DataRel)
    if (Error E = addStaticReloc(Rel, /*Code=*/false))
      return E;
  return Error::success();
}

// Dynamic relocations: places must not be in .text (no text relocations),
// RELATIVE/IRELATIVE addends and the words RELR relocates may be code
// addresses. Runs before the static relocations, which need DynPlaces; its
// Fields are added after theirs, which describe the same words better.
Error Shuffler::collectDynamic() {
  for (const SectionInfo &S : In.sections()) {
    if (!S.Hdr || !S.Alloc)
      continue;
    if (S.Hdr->sh_type == SHT_RELA) {
      Expected<ArrayRef<Rela>> Relas = In.elf().relas(*S.Hdr);
      if (!Relas)
        return Relas.takeError();
      for (auto [I, Rel] : enumerate(*Relas)) {
        uint32_t T = Rel.getType(false);
        if (T == R_X86_64_NONE)
          continue;
        if (inText(Rel.r_offset))
          return bad(Rel.r_offset, "dynamic relocation in .text (a text "
                                   "relocation); the code would not move "
                                   "with its function");
        DynPlaces[Rel.r_offset] = true;
        ++R.Stats.DynRelocs;
        uint64_t A = Rel.r_addend;
        if ((T == R_X86_64_RELATIVE || T == R_X86_64_IRELATIVE) && inText(A)) {
          DynAddends.push_back(
              {S.Hdr->sh_offset + I * sizeof(Rela) + RelaAddendOffset, A});
          // Linkers may also store the value in the word itself.
          if (In.readLE(Rel.r_offset, 8) == A) {
            Field F;
            F.Sec = In.sectionAt(Rel.r_offset);
            if (!F.Sec)
              return bad(Rel.r_offset, "dynamic relocation outside every "
                                       "section");
            F.Place = Rel.r_offset;
            F.Anchor = A;
            DynFields.push_back(F);
          }
        }
      }
    } else if (S.Hdr->sh_type == SHT_RELR) {
      Expected<ELFT::RelrRange> Relrs = In.elf().relrs(*S.Hdr);
      if (!Relrs)
        return Relrs.takeError();
      for (const ELFT::Rel &Rel : In.elf().decode_relrs(*Relrs)) {
        uint64_t P = Rel.r_offset;
        if (inText(P))
          return bad(P, "RELR relocation in .text (a text relocation)");
        DynPlaces[P] = true;
        ++R.Stats.DynRelocs;
        std::optional<uint64_t> V = In.readLE(P, 8);
        if (!V)
          return bad(P, "RELR place outside the file's contents");
        if (inText(*V)) {
          Field F;
          F.Sec = In.sectionAt(P);
          if (!F.Sec)
            return bad(P, "RELR place outside every section");
          F.Place = P;
          F.Anchor = *V;
          DynFields.push_back(F);
        }
      }
    }
  }
  return Error::success();
}

// A GOT slot of a non-PIE link holds an address no relocation describes.
Error Shuffler::addGotSlot(const StaticReloc &Rel) {
  if (!isRelaxableGotType(Rel.Type))
    return Error::success();
  Expected<SymbolInfo> S = In.symbol(Rel.SymIndex);
  if (!S)
    return S.takeError();
  if (!inText(S->Addr))
    return Error::success();
  std::optional<uint64_t> X =
      readField(*Rel.Target, Rel.Place, FieldKind::Pc32);
  if (!X)
    return Error::success();
  uint64_t Slot = *X - Rel.Addend;
  const SectionInfo *SlotSec = In.sectionAt(Slot);
  if (SlotSec && In.readLE(Slot, 8) == S->Addr && !DynPlaces.count(Slot)) {
    Field F;
    F.Sec = SlotSec;
    F.Place = Slot;
    F.Anchor = S->Addr;
    addField(F);
  }
  return Error::success();
}

// PC-relative references the assembler resolved itself (same input section)
// have no relocation: the two ends must move together.
void Shuffler::scanUnrelocated() {
  unsigned Listed = 0, Unlisted = 0;
  std::map<std::pair<unsigned, unsigned>, bool> Seen;
  for (const SectionInfo &S : In.sections()) {
    if (!S.Alloc || !S.Exec || S.Data.empty())
      continue;
    // Linker stubs reach code through GOT slots only (a lazy PLT entry's
    // direct jump goes to PLT0, or nowhere in a static link).
    if (S.Name.starts_with(".plt") || S.Name == ".iplt")
      continue;
    bool IsText = &S == Text;
    Dec.sweep(S.Data, S.Addr, [&](const DecodedInsn &I) {
      if (!I.Size)
        return;
      std::optional<uint64_t> T = Dec.branchTarget(I);
      if (!T)
        T = Dec.ripTarget(I);
      if (!T || hasRelocIn(I.Addr, I.Addr + I.Size))
        return;
      const SectionInfo *TS = In.sectionAt(*T);
      if (!TS)
        return; // Not an address of the image (data decoded as code).
      if (!IsText && !inText(*T))
        return;
      if (IsText && inText(*T)) {
        unsigned From = unitIndexAt(I.Addr), To = unitIndexAt(*T);
        if (From == To)
          return;
        if (Opts.GroupUnrelocated) {
          for (unsigned K = std::min(From, To); K < std::max(From, To); ++K)
            Join[K] = true;
          return;
        }
        if (!Seen.try_emplace({From, To}, true).second)
          return;
        if (Listed++ >= 20) {
          ++Unlisted;
          return;
        }
        finding(I.Addr, "'" + Dec.text(I) + "' in " + Units[From].Name +
                            " reaches " + In.symbolize(*T) +
                            " without a relocation: " + Units[From].Name +
                            " and " + Units[To].Name +
                            " come from one section (compile with "
                            "-ffunction-sections, or pass "
                            "--group-unrelocated to move them as one)");
        return;
      }
      if (Listed++ >= 20) {
        ++Unlisted;
        return;
      }
      finding(I.Addr, "'" + Dec.text(I) + "' reaches " + In.symbolize(*T) +
                          " in " + TS->Name + " without a relocation; " +
                          (IsText ? "its function cannot move"
                                  : "that function cannot move"));
    });
  }
  if (Unlisted)
    R.Findings.push_back({0, "",
                          std::to_string(Unlisted) +
                              " more references without a "
                              "relocation not listed"});
}

void Shuffler::buildBlocks() {
  // Every address something refers to stays inside its unit.
  auto Keep = [&](uint64_t A) {
    if (!inText(A))
      return;
    Unit &U = Units[unitIndexAt(A)];
    if (A >= U.End)
      U.End = U.SpanEnd;
  };
  for (const Field &F : Fields)
    Keep(F.Anchor);
  for (const SymbolInfo &S : In.sortedSymbols())
    Keep(S.Addr);
  Keep(In.elf().getHeader().e_entry);

  for (unsigned I = 0; I < Units.size();) {
    Block B;
    B.FirstUnit = I;
    B.Start = Units[I].Start;
    unsigned J = I;
    while (J + 1 < Units.size() && Join[J])
      ++J;
    B.LastUnit = J;
    B.End = Units[J].End;
    for (unsigned K = I; K <= J; ++K)
      B.Align = std::max(B.Align, Units[K].Align);
    R.Stats.Functions += J - I + 1;
    if (J > I)
      R.Stats.GroupedFunctions += J - I + 1;
    Blocks.push_back(B);
    I = J + 1;
  }
  R.Stats.Blocks = Blocks.size();
}

Error Shuffler::layout() {
  std::vector<unsigned> Order(Blocks.size());
  for (unsigned I = 0; I < Order.size(); ++I)
    Order[I] = I;
  // mt19937_64's output is fixed by the standard, and the bounded draw is
  // ours: a seed gives the same layout on every host.
  std::mt19937_64 Rng(Opts.Seed);
  auto Permute = [&] {
    for (size_t I = Order.size(); I > 1; --I) {
      uint64_t Limit = UINT64_MAX - UINT64_MAX % I, V;
      do
        V = Rng();
      while (V >= Limit);
      std::swap(Order[I - 1], Order[V % I]);
    }
  };
  auto Place = [&](ArrayRef<unsigned> Ord) {
    uint64_t At = TextAddr;
    for (unsigned I : Ord) {
      Block &B = Blocks[I];
      uint64_t Phase = B.Start & (B.Align - 1);
      At = alignTo(At - Phase, B.Align) + Phase;
      B.NewStart = At;
      At += B.End - B.Start;
    }
    return At;
  };
  // Room: up to the next section, when the bytes between are in the file
  // and mapped with .text (padding the linker put there).
  uint64_t Room = TextEnd;
  const SectionInfo *Next = nullptr;
  for (const SectionInfo &S : In.sections())
    if (S.Hdr && S.Alloc && S.Size && S.Addr >= TextEnd &&
        !(S.Hdr->sh_flags & SHF_TLS) && (!Next || S.Addr < Next->Addr))
      Next = &S;
  if (Next && Next->Hdr->sh_type != SHT_NOBITS &&
      Next->Hdr->sh_offset - Text->Hdr->sh_offset == Next->Addr - TextAddr)
    Room = Next->Addr;
  TextRoom = Room;
  // An order that needs more padding than there is room for is drawn again
  // (what the start-up shuffle does too) ...
  uint64_t End = 0;
  for (unsigned Try = 0; Try < 16; ++Try) {
    if (Opts.Permute)
      Permute();
    End = Place(Order);
    if (End <= Room || !Opts.Permute)
      break;
    ++R.Stats.Redraws;
  }
  // The last block needs no padding after it: the one that would waste
  // most goes there.
  auto WastefulLast = [&] {
    auto Waste = [&](unsigned I) {
      const Block &B = Blocks[I];
      return alignTo(B.End - B.Start, B.Align) - (B.End - B.Start);
    };
    // Among the least aligned blocks, so that an order sorted by alignment
    // stays sorted.
    uint64_t MinAlign = UINT64_MAX;
    for (unsigned I : Order)
      MinAlign = std::min(MinAlign, Blocks[I].Align);
    auto First = Order.begin();
    if (R.Stats.SortedByAlignment)
      while (Blocks[*First].Align != MinAlign)
        ++First;
    auto It = std::max_element(First, Order.end(), [&](unsigned A, unsigned B) {
      return Waste(A) < Waste(B);
    });
    std::rotate(It, It + 1, Order.end());
    return Place(Order);
  };
  if (End > Room && Opts.Permute) {
    End = WastefulLast();
    R.Stats.WastefulLast = true;
  }
  if (End > Room) {
    // ... and then kept within each alignment class, the most aligned
    // blocks first, which needs the least padding.
    std::vector<unsigned> Rank(Blocks.size());
    for (unsigned I = 0; I < Order.size(); ++I)
      Rank[Order[I]] = I;
    llvm::sort(Order, [&](unsigned A, unsigned B) {
      if (Blocks[A].Align != Blocks[B].Align)
        return Blocks[A].Align > Blocks[B].Align;
      return Rank[A] < Rank[B];
    });
    R.Stats.SortedByAlignment = true;
    End = Place(Order);
    if (End > Room)
      End = WastefulLast();
  }
  if (End > Room)
    return createStringError(inconvertibleErrorCode(),
                             ".text: the shuffled functions need " +
                                 hex(End - TextAddr) + " bytes, there are " +
                                 hex(Room - TextAddr));
  NewTextEnd = std::max(End, TextEnd);
  R.Stats.TextAddr = TextAddr;
  R.Stats.TextSize = Room - TextAddr;
  R.Stats.TextUsed = End - TextAddr;
  return Error::success();
}

static void writeLE(MutableArrayRef<uint8_t> Out, uint64_t Off, uint64_t V,
                    unsigned Width) {
  if (Width == 8)
    endian::write64le(Out.data() + Off, V);
  else
    endian::write32le(Out.data() + Off, static_cast<uint32_t>(V));
}

Error Shuffler::write() {
  std::vector<uint8_t> &Out = R.Image;
  Out.assign(In.elf().base(), In.elf().base() + In.elf().getBufSize());
  uint64_t TextOff = Text->Hdr->sh_offset;
  std::fill(Out.begin() + TextOff,
            Out.begin() + TextOff + (NewTextEnd - TextAddr), FillByte);
  if (NewTextEnd > TextEnd) {
    // .text grew into the padding after it.
    uint64_t ShOff = In.elf().getHeader().e_shoff + Text->Index * sizeof(Shdr) +
                     ShdrSizeOffset;
    endian::write64le(Out.data() + ShOff, NewTextEnd - TextAddr);
  }
  for (const Block &B : Blocks)
    std::copy(Text->Data.begin() + (B.Start - TextAddr),
              Text->Data.begin() + (B.End - TextAddr),
              Out.begin() + TextOff + (B.NewStart - TextAddr));

  for (const Field &F : Fields) {
    if (!F.Write || !changes(F))
      continue;
    uint64_t P = newPlace(F);
    uint64_t X = map(F.Anchor) + F.Delta;
    uint64_t V = isPcRel(F.Kind) ? X - P : X;
    bool Fits = true;
    if (F.Kind == FieldKind::Pc32 || F.Kind == FieldKind::Abs32S)
      Fits = isInt<32>(static_cast<int64_t>(V));
    else if (F.Kind == FieldKind::Abs32)
      Fits = isUInt<32>(V);
    if (!Fits)
      return bad(F.Place, "after the move the value " + hex(V) +
                              " does not fit the field");
    writeLE(Out, fileOffset(*F.Sec, P), V, widthOf(F.Kind));
  }

  for (const Record &Rec : Records) {
    uint64_t Off = Rec.RelSec->Hdr->sh_offset + Rec.Entry * sizeof(Rela);
    if (Rec.InText)
      endian::write64le(Out.data() + Off + RelaOffsetOffset, map(Rec.Place));
    if (Rec.FieldIndex) {
      const Field &F = Fields[*Rec.FieldIndex];
      int64_t A = map(F.Anchor) + F.Delta - Rec.SymValue;
      endian::write64le(Out.data() + Off + RelaAddendOffset, A);
    }
  }
  for (const DynAddend &D : DynAddends)
    endian::write64le(Out.data() + D.FileOff, map(D.Addend));

  // Symbol tables.
  for (const SectionInfo &S : In.sections()) {
    if (!S.Hdr ||
        (S.Hdr->sh_type != SHT_SYMTAB && S.Hdr->sh_type != SHT_DYNSYM))
      continue;
    Expected<ArrayRef<Sym>> Syms = In.elf().symbols(S.Hdr);
    if (!Syms)
      return Syms.takeError();
    for (auto [I, Sm] : enumerate(*Syms)) {
      if (Sm.st_shndx != Text->Index || Sm.getType() == STT_SECTION ||
          !inText(Sm.st_value))
        continue;
      endian::write64le(Out.data() + S.Hdr->sh_offset + I * sizeof(Sym) +
                            SymValueOffset,
                        map(Sm.st_value));
      ++R.Stats.Symbols;
    }
  }

  // Entry point and the dynamic section's code pointers.
  auto &Hdr = *reinterpret_cast<ELFT::Ehdr *>(Out.data());
  Hdr.e_entry = map(In.elf().getHeader().e_entry);
  for (const SectionInfo &S : In.sections()) {
    if (!S.Hdr || S.Hdr->sh_type != SHT_DYNAMIC)
      continue;
    for (uint64_t Off = 0; Off + sizeof(ELFT::Dyn) <= S.Size;
         Off += sizeof(ELFT::Dyn)) {
      auto *D =
          reinterpret_cast<ELFT::Dyn *>(Out.data() + S.Hdr->sh_offset + Off);
      if (D->d_tag == DT_INIT || D->d_tag == DT_FINI)
        D->d_un.d_ptr = map(D->d_un.d_ptr);
    }
  }
  if (Error E = sortEhFrameHdr(Out))
    return E;
  if (Opts.Embed)
    if (Error E = embed(Out))
      return E;
  for (const SectionInfo &S : In.sections())
    if (!S.Alloc && isDebugSection(S.Name))
      R.StaleSections.push_back(S.Name.str());
  return Error::success();
}

// .eh_frame_hdr's search table: initial locations must stay sorted.
Error Shuffler::sortEhFrameHdr(MutableArrayRef<uint8_t> Out) {
  const SectionInfo *H = In.findSection(".eh_frame_hdr");
  if (!H || H->Data.empty())
    return Error::success();
  ArrayRef<uint8_t> D = H->Data;
  if (D.size() < 12 || D[0] != 1)
    return bad(H->Addr, ".eh_frame_hdr: unsupported version");
  uint8_t PtrEnc = D[1], CountEnc = D[2], TableEnc = D[3];
  if (PtrEnc != (dwarf::DW_EH_PE_pcrel | dwarf::DW_EH_PE_sdata4) ||
      CountEnc != dwarf::DW_EH_PE_udata4 ||
      TableEnc != (dwarf::DW_EH_PE_datarel | dwarf::DW_EH_PE_sdata4))
    return bad(H->Addr, ".eh_frame_hdr: unsupported encodings " + hex(PtrEnc) +
                            "/" + hex(CountEnc) + "/" + hex(TableEnc));
  uint64_t Count = endian::read32le(D.data() + 8);
  if (12 + Count * 8 > D.size())
    return bad(H->Addr, ".eh_frame_hdr: table larger than the section");
  std::vector<std::pair<int64_t, int32_t>> Table;
  for (uint64_t I = 0; I < Count; ++I) {
    int32_t Loc = endian::read32le(D.data() + 12 + I * 8);
    int32_t Fde = endian::read32le(D.data() + 16 + I * 8);
    uint64_t NewLoc = map(H->Addr + static_cast<int64_t>(Loc));
    Table.push_back({static_cast<int64_t>(NewLoc - H->Addr), Fde});
  }
  llvm::sort(Table);
  uint8_t *T = Out.data() + H->Hdr->sh_offset + 12;
  for (auto [I, E] : enumerate(Table)) {
    if (!isInt<32>(E.first))
      return bad(H->Addr, ".eh_frame_hdr: entry out of range");
    endian::write32le(T + I * 8, static_cast<uint32_t>(E.first));
    endian::write32le(T + I * 8 + 4, static_cast<uint32_t>(E.second));
  }
  R.Stats.EhFrameHdrEntries = Count;
  return Error::success();
}

// The map of gotfree-shuffle-map.h, describing the output's layout.
Error Shuffler::embed(MutableArrayRef<uint8_t> Out) {
  const SymbolInfo *M = nullptr;
  for (const SymbolInfo &S : In.sortedSymbols())
    if (S.Name == GOTFREE_SHUFFLE_MAP_SYMBOL && S.Type == STT_OBJECT)
      M = &S;
  if (!M || !M->Size)
    return createStringError(inconvertibleErrorCode(),
                             "--embed: the image defines no sized object '" +
                                 Twine(GOTFREE_SHUFFLE_MAP_SYMBOL) +
                                 "' to hold the map");
  const SectionInfo *MS = In.sectionAt(M->Addr);
  // Within the section's file bytes, without overflow for any size.
  if (!MS || MS->Data.empty() || M->Addr < MS->Addr ||
      M->Size > MS->Data.size() ||
      M->Addr - MS->Addr > MS->Data.size() - M->Size)
    return bad(M->Addr, "--embed: the map must be in a section with contents");
  if (In.findSection(".eh_frame_hdr"))
    return createStringError(
        inconvertibleErrorCode(),
        "--embed: the image has .eh_frame_hdr, whose table a start-up "
        "shuffle would leave unsorted; link without --eh-frame-hdr");

  // Every field, also those the file leaves to a dynamic relocation: at
  // start-up the image has applied its relocations before it moves code.
  std::vector<gotfree_shuffle_map_fixup> Fixups;
  for (const Field &F : Fields) {
    if (!changes(F) || !F.Sec->Alloc)
      continue;
    gotfree_shuffle_map_fixup X{};
    X.place = newPlace(F);
    X.anchor = map(F.Anchor);
    X.delta = F.Delta;
    switch (F.Kind) {
    case FieldKind::Pc32:
      X.kind = GOTFREE_FIXUP_PC32;
      break;
    case FieldKind::Pc64:
      X.kind = GOTFREE_FIXUP_PC64;
      break;
    case FieldKind::Abs64:
      X.kind = GOTFREE_FIXUP_ABS64;
      break;
    default:
      return bad(F.Place, "--embed: a 32-bit absolute field (non-PIE code) "
                          "cannot follow a start-up move");
    }
    Fixups.push_back(X);
  }
  std::vector<gotfree_shuffle_map_block> MapBlocks;
  for (const Block &B : Blocks)
    MapBlocks.push_back({B.NewStart, static_cast<uint32_t>(B.End - B.Start),
                         static_cast<uint32_t>(B.Align)});
  llvm::sort(MapBlocks, [](auto &A, auto &B) { return A.start < B.start; });

  gotfree_shuffle_map_header Hdr{};
  Hdr.magic = GOTFREE_SHUFFLE_MAP_MAGIC;
  Hdr.version = GOTFREE_SHUFFLE_MAP_VERSION;
  Hdr.header_size = sizeof(Hdr);
  Hdr.text_start = TextAddr;
  Hdr.text_size = NewTextEnd - TextAddr;
  Hdr.text_room = TextRoom - TextAddr;
  Hdr.num_blocks = MapBlocks.size();
  Hdr.num_fixups = Fixups.size();
  Hdr.fill = FillByte;
  uint64_t Need = sizeof(Hdr) + MapBlocks.size() * sizeof(MapBlocks[0]) +
                  Fixups.size() * sizeof(gotfree_shuffle_map_fixup);
  if (Need > M->Size)
    return bad(M->Addr, "--embed: the map needs " + Twine(Need) +
                            " bytes, '" GOTFREE_SHUFFLE_MAP_SYMBOL "' has " +
                            Twine(M->Size));
  uint8_t *P = Out.data() + fileOffset(*MS, M->Addr);
  std::fill(P, P + M->Size, 0);
  memcpy(P, &Hdr, sizeof(Hdr));
  P += sizeof(Hdr);
  memcpy(P, MapBlocks.data(), MapBlocks.size() * sizeof(MapBlocks[0]));
  P += MapBlocks.size() * sizeof(MapBlocks[0]);
  memcpy(P, Fixups.data(), Fixups.size() * sizeof(Fixups[0]));
  R.Stats.EmbeddedFixups = Fixups.size();
  R.Stats.EmbeddedBytes = Need;
  return Error::success();
}

Error Shuffler::run(MemoryBufferRef Buffer) {
  if (Error E = checkInput(Buffer))
    return E;
  if (!R.Findings.empty())
    return Error::success();
  buildUnits();
  if (Error E = collectDynamic())
    return E;
  if (Error E = collectStaticRelocs())
    return E;
  for (const Field &F : DynFields)
    addField(F);
  scanUnrelocated();
  if (!R.Findings.empty())
    return Error::success();
  buildBlocks();
  checkPadding();
  if (!R.Findings.empty())
    return Error::success();
  if (Error E = layout())
    return E;
  return write();
}

} // namespace

Expected<ShuffleResult> shuffle(MemoryBufferRef Input,
                                const ShuffleOptions &Opts,
                                const X86Decoder &Dec) {
  Expected<std::unique_ptr<ElfInput>> In = ElfInput::load(Input);
  if (!In)
    return In.takeError();
  ShuffleResult R;
  Shuffler S(**In, Dec, Opts, R);
  if (Error E = S.run(Input))
    return std::move(E);
  if (!R.Findings.empty())
    R.Image.clear();
  return std::move(R);
}

} // namespace gotfree
