//===- X86Decoder.cpp - x86-64 instruction decoding helpers ---------------===//

#include "X86Decoder.h"

#include "llvm/MC/MCAsmInfo.h"
#include "llvm/MC/MCContext.h"
#include "llvm/MC/MCDisassembler/MCDisassembler.h"
#include "llvm/MC/MCInstPrinter.h"
#include "llvm/MC/MCInstrAnalysis.h"
#include "llvm/MC/MCInstrInfo.h"
#include "llvm/MC/MCRegisterInfo.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/MCTargetOptions.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>

using namespace llvm;

extern "C" {
void LLVMInitializeX86TargetInfo();
void LLVMInitializeX86TargetMC();
void LLVMInitializeX86Disassembler();
}

namespace gotfree {

// Longest legal x86 instruction.
static constexpr unsigned MaxInsnLen = 15;

X86Decoder::~X86Decoder() = default;

Expected<std::unique_ptr<X86Decoder>> X86Decoder::create() {
  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86TargetMC();
  LLVMInitializeX86Disassembler();
  Triple TT("x86_64-unknown-linux-gnu");
  std::string Err;
  const Target *T = TargetRegistry::lookupTarget(TT, Err);
  if (!T)
    return createStringError(inconvertibleErrorCode(),
                             "no X86 target in LLVM: " + Err);
  std::unique_ptr<X86Decoder> D(new X86Decoder());
  D->MRI.reset(T->createMCRegInfo(TT));
  MCTargetOptions Opts;
  if (D->MRI)
    D->MAI.reset(T->createMCAsmInfo(*D->MRI, TT, Opts));
  D->STI.reset(T->createMCSubtargetInfo(TT, "", ""));
  D->MII.reset(T->createMCInstrInfo());
  if (!D->MRI || !D->MAI || !D->STI || !D->MII)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create the X86 MC layer");
  D->Ctx =
      std::make_unique<MCContext>(TT, D->MAI.get(), D->MRI.get(), D->STI.get());
  D->Disasm.reset(T->createMCDisassembler(*D->STI, *D->Ctx));
  D->MIA.reset(T->createMCInstrAnalysis(D->MII.get()));
  D->Printer.reset(
      T->createMCInstPrinter(TT, /*AT&T*/ 0, *D->MAI, *D->MII, *D->MRI));
  if (!D->Disasm || !D->MIA || !D->Printer)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create the X86 disassembler");
  // Addresses and displacements read best in hex, branch targets absolute.
  D->Printer->setPrintImmHex(true);
  D->Printer->setPrintBranchImmAsAddress(true);
  return std::move(D);
}

std::optional<DecodedInsn> X86Decoder::decode(ArrayRef<uint8_t> Bytes,
                                              uint64_t Addr) const {
  DecodedInsn D;
  D.Addr = Addr;
  uint64_t Size = 0;
  if (Bytes.empty() ||
      Disasm->getInstruction(D.Inst, Size, Bytes.take_front(MaxInsnLen), Addr,
                             nulls()) != MCDisassembler::Success ||
      Size == 0)
    return std::nullopt;
  D.Size = Size;
  return D;
}

std::optional<DecodedInsn> X86Decoder::decodeAt(const ElfInput &In,
                                                uint64_t Addr) const {
  const SectionInfo *S = In.sectionAt(Addr);
  if (!S || S->Data.empty())
    return std::nullopt;
  return decode(S->Data.drop_front(Addr - S->Addr), Addr);
}

std::string X86Decoder::text(const DecodedInsn &I) const {
  std::string Raw;
  raw_string_ostream OS(Raw);
  Printer->printInst(&I.Inst, I.Addr, "", *STI, OS);
  // Collapse the printer's tabs so that the text is easy to FileCheck.
  std::string Out;
  for (char C : Raw) {
    if (C == '\t' || C == '\n')
      C = ' ';
    if (C == ' ' && (Out.empty() || Out.back() == ' '))
      continue;
    Out += C;
  }
  while (!Out.empty() && Out.back() == ' ')
    Out.pop_back();
  return Out;
}

StringRef X86Decoder::opcodeName(const MCInst &I) const {
  return MII->getName(I.getOpcode());
}

std::optional<uint64_t> X86Decoder::ripTarget(const DecodedInsn &I) const {
  return MIA->evaluateMemoryOperandAddress(I.Inst, STI.get(), I.Addr, I.Size);
}

std::optional<uint64_t> X86Decoder::branchTarget(const DecodedInsn &I) const {
  const MCInstrDesc &Desc = MII->get(I.Inst.getOpcode());
  if (!Desc.isBranch() && !Desc.isCall())
    return std::nullopt;
  uint64_t Target;
  if (MIA->evaluateBranch(I.Inst, I.Addr, I.Size, Target))
    return Target;
  return std::nullopt;
}

std::optional<IndirectJump> X86Decoder::indirectJump(const MCInst &I) const {
  const MCInstrDesc &Desc = MII->get(I.getOpcode());
  if (!Desc.isIndirectBranch() || Desc.isCall() || Desc.isReturn())
    return std::nullopt;
  IndirectJump J;
  // X86 memory operands are five MCOperands tagged OPERAND_MEMORY:
  // base, scale, index, displacement, segment.
  for (unsigned Op = 0; Op < Desc.getNumOperands(); ++Op) {
    if (Desc.operands()[Op].OperandType != MCOI::OPERAND_MEMORY)
      continue;
    if (Op + 1 < I.getNumOperands() && I.getOperand(Op + 1).isImm()) {
      J.Memory = true;
      J.Scale = I.getOperand(Op + 1).getImm();
    }
    break;
  }
  return J;
}

bool X86Decoder::fieldMatches(const ElfInput &In, const DecodedInsn &D,
                              uint64_t Place) const {
  uint64_t End = D.Addr + D.Size;
  if (End < Place + 4)
    return false;
  // The displacement is followed by at most an immediate of 1, 2 or 4 bytes.
  uint64_t Tail = End - (Place + 4);
  if (Tail != 0 && Tail != 1 && Tail != 2 && Tail != 4)
    return false;
  std::optional<uint64_t> Field = In.readLE(Place, 4);
  if (!Field)
    return false;
  int64_t Disp = static_cast<int32_t>(*Field);
  uint64_t Expected = End + Disp;
  if (std::optional<uint64_t> T = ripTarget(D))
    return *T == Expected;
  if (Tail == 0)
    if (std::optional<uint64_t> T = branchTarget(D))
      return *T == Expected;
  return false;
}

static bool isPrefixByte(uint8_t B) {
  return (B >= 0x40 && B <= 0x4f) || B == 0x66 || B == 0x67 || B == 0xf0 ||
         B == 0xf2 || B == 0xf3 || B == 0x2e || B == 0x3e || B == 0x26 ||
         B == 0x36 || B == 0x64 || B == 0x65;
}

std::optional<DecodedInsn> X86Decoder::insnWithFieldAt(const ElfInput &In,
                                                       uint64_t Place) const {
  const SectionInfo *S = In.sectionAt(Place);
  if (!S || S->Data.empty() || Place - S->Addr < 1)
    return std::nullopt;
  uint64_t Lowest =
      Place - S->Addr > MaxInsnLen - 4 ? Place - (MaxInsnLen - 4) : S->Addr;
  // Shortest match first: an opcode (and ModRM) directly before the field.
  std::optional<DecodedInsn> Best;
  for (uint64_t Start = Place - 1; Start >= Lowest; --Start) {
    std::optional<DecodedInsn> D = decodeAt(In, Start);
    if (D && fieldMatches(In, *D, Place)) {
      Best = D;
      break;
    }
    if (Start == Lowest)
      break;
  }
  if (!Best)
    return std::nullopt;
  // Then take in prefixes (REX, addr32, ...) that belong to it.
  while (Best->Addr > Lowest) {
    std::optional<uint64_t> Prev = In.readLE(Best->Addr - 1, 1);
    if (!Prev || !isPrefixByte(*Prev))
      break;
    std::optional<DecodedInsn> D = decodeAt(In, Best->Addr - 1);
    if (!D || D->Addr + D->Size != Best->Addr + Best->Size ||
        !fieldMatches(In, *D, Place))
      break;
    Best = D;
  }
  return Best;
}

void X86Decoder::sweep(ArrayRef<uint8_t> Bytes, uint64_t Start,
                       function_ref<void(const DecodedInsn &)> Fn) const {
  uint64_t Off = 0;
  while (Off < Bytes.size()) {
    std::optional<DecodedInsn> D = decode(Bytes.drop_front(Off), Start + Off);
    if (!D) {
      DecodedInsn Bad;
      Bad.Addr = Start + Off;
      Fn(Bad);
      ++Off;
      continue;
    }
    Fn(*D);
    Off += D->Size;
  }
}

} // namespace gotfree
