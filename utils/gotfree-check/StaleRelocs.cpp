//===- StaleRelocs.cpp - GOTPCRELX relocations left behind by relaxation --===//
//
// lld --emit-relocs keeps R_X86_64_(REX_)GOTPCRELX on instructions it has
// relaxed, and for `jmp *foo@GOTPCREL(%rip)` -> `jmp foo; nop` the offset is
// one byte past the new displacement. GNU ld writes what the code now
// holds: R_X86_64_PC32 at the displacement, or R_X86_64_32S/32 for the
// immediate of a non-PIC conversion. The bytes around the relocation tell
// which relaxation happened; the fix is recorded and applied on request.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"

#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/Endian.h"

using namespace llvm;
using namespace llvm::ELF;

namespace gotfree {

namespace {
struct Relaxation {
  const char *Pattern; // Short name, also the JSON "pattern".
  uint32_t NewType = 0;
  uint64_t NewPlace = 0;
  bool Matches = false; // Field agrees with the symbol: safe to rewrite.
};
} // namespace

static std::optional<uint8_t> byteAt(const ElfInput &In, uint64_t Addr) {
  std::optional<uint64_t> V = In.readLE(Addr, 1);
  if (!V)
    return std::nullopt;
  return static_cast<uint8_t>(*V);
}

// Which relaxation turned the GOT load at P into the bytes seen now.
static std::optional<Relaxation>
recognise(const ElfInput &In, uint64_t P, const SymbolInfo &S, int64_t Addend) {
  auto B = [&](int64_t Delta) -> int {
    std::optional<uint8_t> V = byteAt(In, P + Delta);
    return V ? *V : -1;
  };
  auto PcRelAt = [&](const char *Name, uint64_t Place) {
    Relaxation R{Name, R_X86_64_PC32, Place, false};
    std::optional<uint64_t> Field = In.readLE(Place, 4);
    R.Matches = S.Defined && Field &&
                uint32_t(*Field) == uint32_t(S.Addr + Addend - Place);
    return R;
  };
  int Op = B(-2), ModRM = B(-1);
  if (Op == 0x8d && ModRM >= 0 && (ModRM & 0xc7) == 0x05)
    return PcRelAt("lea", P);
  if (Op == 0x67 && ModRM == 0xe8)
    return PcRelAt("addr32-call", P);
  if ((Op == 0xe8 || Op == 0xe9) && B(3) == 0x90)
    return PcRelAt(Op == 0xe8 ? "call-nop" : "jmp-nop", P - 1);
  if (Op == 0x90 && (ModRM == 0xe8 || ModRM == 0xe9))
    return PcRelAt(ModRM == 0xe8 ? "nop-call" : "nop-jmp", P);
  // Non-PIC conversions to an immediate: mov $imm, test $imm, binop $imm.
  bool RegForm = ModRM >= 0 && (ModRM & 0xc0) == 0xc0;
  const char *Name = nullptr;
  if (Op == 0xc7 && RegForm && (ModRM & 0x38) == 0)
    Name = "mov-imm";
  else if (Op == 0xf7 && RegForm && (ModRM & 0x38) == 0)
    Name = "test-imm";
  else if (Op == 0x81 && RegForm)
    Name = "binop-imm";
  if (!Name)
    return std::nullopt;
  int Rex = B(-3);
  bool RexW = Rex >= 0 && (Rex & 0xf8) == 0x48;
  Relaxation R{Name, RexW ? uint32_t(R_X86_64_32S) : uint32_t(R_X86_64_32), P,
               false};
  std::optional<uint64_t> Field = In.readLE(P, 4);
  if (S.Defined && Field) {
    uint64_t Value = RexW ? uint64_t(int64_t(int32_t(*Field))) : *Field;
    R.Matches = Value == S.Addr;
  }
  return R;
}

Error checkStaleGotReloc(CheckContext &Ctx, const StaticReloc &Rel) {
  const ElfInput &In = Ctx.In;
  Expected<SymbolInfo> S = In.symbol(Rel.SymIndex);
  if (!S)
    return S.takeError();
  std::string Old = In.relocTypeName(Rel.Type);
  std::string What = Old + " " + S->Name.str() + signedHex(Rel.Addend);
  std::optional<Relaxation> R = recognise(In, Rel.Place, *S, Rel.Addend);
  if (!R) {
    // Still a RIP-relative access, but not to a GOT slot, or no instruction
    // has its displacement here at all.
    std::optional<DecodedInsn> D = Ctx.Dec.insnWithFieldAt(In, Rel.Place);
    Ctx.issue(Category::Stale, Rel.Place,
              What + (D ? " on '" + Ctx.Dec.text(*D) +
                              "', which does not use a GOT slot"
                        : ": offset does not point at a GOT load"),
              true,
              {{"type", Old},
               {"symbol", S->Name.str()},
               {"pattern", D ? "no-got" : "offset"}});
    return Error::success();
  }
  std::optional<DecodedInsn> D = Ctx.Dec.insnWithFieldAt(In, R->NewPlace);
  if (!D && R->NewType != R_X86_64_PC32) {
    // Immediate forms: opcode and ModRM before the field, maybe a REX.
    std::optional<uint8_t> Rex = byteAt(In, Rel.Place - 3);
    bool HasRex = Rex && (*Rex & 0xf0) == 0x40;
    D = Ctx.Dec.decodeAt(In, Rel.Place - (HasRex ? 3 : 2));
  }
  std::string Insn = D ? Ctx.Dec.text(*D) : R->Pattern;
  std::string New = In.relocTypeName(R->NewType);
  int64_t NewAddend = R->NewType == R_X86_64_PC32 ? Rel.Addend : 0;
  std::map<std::string, std::string> Fields{
      {"type", Old},
      {"symbol", S->Name.str()},
      {"pattern", R->Pattern},
      {"instruction", Insn},
      {"fix_type", New},
      {"fix_offset", hex(R->NewPlace)},
      {"fix_addend", signedHex(NewAddend)},
      {"fixable", R->Matches ? "yes" : "no"}};
  std::string Msg = What + " on relaxed '" + Insn + "' (" + R->Pattern +
                    "): GNU ld writes " + New + " " + S->Name.str() +
                    signedHex(NewAddend) + " at " + hex(R->NewPlace);
  if (!R->Matches)
    Msg += "; the field does not match the symbol, not fixable";
  Ctx.issue(Category::Stale, Rel.Place, Msg, true, Fields);
  if (R->Matches)
    Ctx.R.Fixes.push_back({Rel.RelocSec->Index, Rel.EntryIndex, R->NewPlace,
                           R->NewType, NewAddend});
  return Error::success();
}

Expected<unsigned> applyFixes(MutableArrayRef<uint8_t> Image,
                              const Report &Rep) {
  // Re-read the headers from the image itself: the fixes only carry
  // section and entry indices, so each write is bounds-checked here. A
  // relocation section that shares bytes with another region would change
  // it too, so such a file is not written at all.
  StringRef Bytes(reinterpret_cast<const char *>(Image.data()), Image.size());
  Expected<std::unique_ptr<ElfInput>> In =
      ElfInput::load(MemoryBufferRef(Bytes, Rep.File));
  if (!In)
    return In.takeError();
  if (Error E = (*In)->checkDisjointLayout())
    return E;
  Expected<ArrayRef<Shdr>> Secs = (*In)->elf().sections();
  if (!Secs)
    return Secs.takeError();
  unsigned Changed = 0;
  for (const RelocFix &F : Rep.Fixes) {
    if (F.RelocSecIndex >= Secs->size())
      return createStringError(inconvertibleErrorCode(),
                               "fix: bad section index");
    const Shdr &Sec = (*Secs)[F.RelocSecIndex];
    uint64_t Off = Sec.sh_offset + F.EntryIndex * sizeof(Rela);
    if (Sec.sh_type != SHT_RELA || F.EntryIndex >= Sec.sh_size / sizeof(Rela) ||
        Off + sizeof(Rela) > Image.size() || Off < Sec.sh_offset)
      return createStringError(inconvertibleErrorCode(),
                               "fix: relocation entry outside the file");
    uint8_t *Entry = Image.data() + Off;
    uint64_t Info = support::endian::read64le(Entry + 8);
    uint64_t NewInfo = (Info & 0xffffffff00000000ULL) | F.NewType;
    support::endian::write64le(Entry, F.NewOffset);
    support::endian::write64le(Entry + 8, NewInfo);
    support::endian::write64le(Entry + 16, static_cast<uint64_t>(F.NewAddend));
    ++Changed;
  }
  return Changed;
}

} // namespace gotfree
