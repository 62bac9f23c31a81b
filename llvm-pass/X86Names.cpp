//===- X86Names.cpp - X86 opcodes, registers and flags by name ------------===//

#include "X86Names.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/CodeGen/MachineFunction.h"
#include "llvm/CodeGen/MachineInstr.h"
#include "llvm/CodeGen/TargetInstrInfo.h"
#include "llvm/CodeGen/TargetOpcodes.h"
#include "llvm/CodeGen/TargetRegisterInfo.h"
#include "llvm/CodeGen/TargetSubtargetInfo.h"
#include "llvm/Support/ManagedStatic.h"
#include <memory>
#include <mutex>

using namespace llvm;
using namespace gotfree;

namespace {
/// One table per instruction info object: subtargets of one target share it.
struct NameCache {
  std::mutex Lock;
  DenseMap<const TargetInstrInfo *, std::unique_ptr<X86Names>> Tables;
  DenseMap<const TargetInstrInfo *, std::string> Failures;
};
} // namespace

static ManagedStatic<NameCache> Cache;

const X86Names *X86Names::get(const MachineFunction &MF, std::string &Missing) {
  const TargetInstrInfo *TII = MF.getSubtarget().getInstrInfo();
  std::lock_guard<std::mutex> Guard(Cache->Lock);
  auto It = Cache->Tables.find(TII);
  if (It != Cache->Tables.end())
    return It->second.get();
  auto Failed = Cache->Failures.find(TII);
  if (Failed != Cache->Failures.end()) {
    Missing = Failed->second;
    return nullptr;
  }
  auto Names = std::make_unique<X86Names>();
  if (!Names->init(MF, Missing)) {
    Cache->Failures[TII] = Missing;
    return nullptr;
  }
  return (Cache->Tables[TII] = std::move(Names)).get();
}

std::optional<unsigned> X86Names::lookupOpcode(StringRef Name) const {
  for (auto [First, End] : SortedOpcodeRuns) {
    unsigned Lo = First, Hi = End;
    while (Lo < Hi) {
      unsigned Mid = Lo + (Hi - Lo) / 2;
      if (TII->getName(Mid) < Name)
        Lo = Mid + 1;
      else
        Hi = Mid;
    }
    if (Lo != End && TII->getName(Lo) == Name)
      return Lo;
  }
  if (SortedOpcodeRuns.empty()) {
    auto It = Opcodes.find(Name);
    if (It != Opcodes.end())
      return It->second;
  }
  return std::nullopt;
}

/// Splits the target's opcodes (those after the generic ones, which gotfree
/// never looks up) into runs of ascending names. TableGen numbers a target's
/// instructions in name order, so there are one or two runs; hashing all
/// ~20000 names instead costs more than the rest of the plugin's work on a
/// typical translation unit.
static SmallVector<std::pair<unsigned, unsigned>, 4>
findSortedRuns(const TargetInstrInfo &TII) {
  constexpr unsigned MaxRuns = 8;
  SmallVector<std::pair<unsigned, unsigned>, 4> Runs;
  unsigned First = TargetOpcode::GENERIC_OP_END + 1, End = TII.getNumOpcodes();
  if (First >= End)
    return Runs;
  StringRef Prev = TII.getName(First);
  unsigned RunStart = First;
  for (unsigned Opc = First + 1; Opc != End; ++Opc) {
    StringRef Cur = TII.getName(Opc);
    if (Cur <= Prev) {
      if (Runs.size() + 1 == MaxRuns)
        return {};
      Runs.emplace_back(RunStart, Opc);
      RunStart = Opc;
    }
    Prev = Cur;
  }
  Runs.emplace_back(RunStart, End);
  return Runs;
}

bool X86Names::init(const MachineFunction &MF, std::string &Missing) {
  TII = MF.getSubtarget().getInstrInfo();
  TRI = MF.getSubtarget().getRegisterInfo();
  SortedOpcodeRuns = findSortedRuns(*TII);
  if (SortedOpcodeRuns.empty())
    for (unsigned Opc = 0, E = TII->getNumOpcodes(); Opc != E; ++Opc)
      Opcodes[TII->getName(Opc)] = Opc;
  for (const auto &[Flag, Name] :
       TII->getSerializableDirectMachineOperandTargetFlags()) {
    Flags[Name] = Flag;
    FlagNames.emplace_back(Flag, Name);
  }

  bool OK = true;
  auto Require = [&](StringRef Kind, StringRef Name,
                     std::optional<unsigned> Found, auto &Out) {
    if (Found) {
      Out = *Found;
      return;
    }
    Missing += (Missing.empty() ? "" : ", ") + (Kind + " " + Name).str();
    OK = false;
  };
  auto Opcode = [&](StringRef Name, unsigned &Out) {
    Require("opcode", Name, lookupOpcode(Name), Out);
  };
  auto Flag = [&](StringRef Name, unsigned &Out) {
    auto It = Flags.find(Name);
    Require("target flag", Name,
            It == Flags.end() ? std::nullopt : std::optional(It->second), Out);
  };
  auto Reg = [&](StringRef Name, MCRegister &Out) {
    std::optional<unsigned> Found;
    for (unsigned R = 1, E = TRI->getNumRegs(); R != E && !Found; ++R)
      if (Name.equals_insensitive(TRI->getName(R)))
        Found = R;
    Require("register", Name, Found, Out);
  };
  auto SubReg = [&](StringRef Name, unsigned &Out) {
    std::optional<unsigned> Found;
    for (unsigned I = 1, E = TRI->getNumSubRegIndices(); I != E && !Found; ++I)
      if (Name == TRI->getSubRegIndexName(I))
        Found = I;
    Require("sub-register", Name, Found, Out);
  };

  Opcode("LEA64r", LEA64r);
  Opcode("LEA64_32r", LEA64_32r);
  Opcode("LEA32r", LEA32r);
  Opcode("LEA16r", LEA16r);
  Opcode("MOV64rm", MOV64rm);
  Opcode("MOV64ri", MOV64ri);
  Opcode("MOV64ri32", MOV64ri32);
  Opcode("MOV32ri64", MOV32ri64);
  Opcode("MOV32ri", MOV32ri);
  Opcode("CALL64m", CALL64m);
  Opcode("CALL64r", CALL64r);
  Opcode("CALL64pcrel32", CALL64pcrel32);
  Opcode("TCRETURNmi64", TCRETURNmi64);
  Opcode("TCRETURNdi64", TCRETURNdi64);
  Opcode("TCRETURNri64", TCRETURNri64);
  Opcode("TAILJMPm64", TAILJMPm64);
  Opcode("TAILJMPd64", TAILJMPd64);
  Opcode("TAILJMPm64_REX", TAILJMPm64_REX);
  Opcode("JMP64m", JMP64m);
  Opcode("JMP64r", JMP64r);
  Opcode("ADD64rm", ADD64rm);
  Opcode("ADD64ri32", ADD64ri32);
  Flag("x86-gotpcrel", FlagGOTPCREL);
  Flag("x86-gottpoff", FlagGOTTPOFF);
  Flag("x86-tpoff", FlagTPOFF);
  Flag("x86-gotpcrel-norelax", FlagGOTPCRELNoRelax);
  Reg("RIP", RIP);
  Reg("FS", FS);
  Reg("GS", GS);
  SubReg("sub_8bit", Sub8);
  SubReg("sub_16bit", Sub16);
  SubReg("sub_32bit", Sub32);
  return OK;
}

bool X86Names::isGOTFlag(unsigned Flag) const {
  StringRef Name = flagName(Flag);
  // GOT slots (got, gotpcrel*, gottpoff, gotntpoff, tlsgd/tlsld pairs) and
  // GOT-relative addressing (gotoff, got-absolute-address, pic-base-offset).
  return Name.contains("got") || Name == "x86-tlsgd" || Name == "x86-tlsld" ||
         Name == "x86-tlsldm" || Name == "x86-pic-base-offset" ||
         Name == "x86-indntpoff";
}

StringRef X86Names::flagName(unsigned Flag) const {
  for (const auto &[F, Name] : FlagNames)
    if (F == Flag)
      return Name;
  return "unknown";
}

bool X86Names::isLEA(unsigned Opcode) const {
  return Opcode == LEA64r || Opcode == LEA64_32r || Opcode == LEA32r ||
         Opcode == LEA16r;
}

std::optional<unsigned>
X86Names::getMemOperandIdx(const MachineInstr &MI) const {
  if (isLEA(MI.getOpcode()))
    return 1;
  // Each of the five parts of an X86 memory reference is described as
  // OPERAND_MEMORY; LEA's address operand is the one exception.
  const MCInstrDesc &Desc = MI.getDesc();
  for (unsigned I = 0, E = Desc.getNumOperands(); I + MemNumOperands <= E; ++I)
    if (Desc.operands()[I].OperandType == MCOI::OPERAND_MEMORY)
      return I;
  return std::nullopt;
}

std::optional<unsigned> X86Names::getRegisterForm(unsigned Opcode) const {
  StringRef Name = TII->getName(Opcode);
  // APX variants keep their suffix: ADD64ri32_ND -> ADD64rr_ND.
  auto [Base, Rest] = Name.split('_');
  std::string Suffix = Rest.empty() ? "" : ("_" + Rest).str();
  static const std::pair<StringRef, StringRef> Forms[] = {
      {"ri32", "rr"}, {"mi32", "mr"}, {"ri", "rr"}, {"mi", "mr"}, {"i32", "r"}};
  for (const auto &[From, To] : Forms) {
    if (!Base.ends_with(From))
      continue;
    std::string Candidate = (Base.drop_back(From.size()) + To + Suffix).str();
    auto Opc = lookupOpcode(Candidate);
    if (!Opc)
      continue;
    const MCInstrDesc &Old = TII->get(Opcode), &New = TII->get(*Opc);
    if (Old.getNumOperands() == New.getNumOperands() &&
        Old.getNumDefs() == New.getNumDefs())
      return Opc;
  }
  return std::nullopt;
}

std::optional<unsigned>
X86Names::getMemoryToRegisterForm(unsigned Opcode) const {
  StringRef Name = TII->getName(Opcode);
  // Loads of a general purpose value into a vector register: the register
  // form takes it from a general purpose register.
  static const std::pair<StringRef, StringRef> VectorLoads[] = {
      {"MOVSDrm", "MOV64toSDrr"},          {"MOVSDrm_alt", "MOV64toSDrr"},
      {"VMOVSDrm", "VMOV64toSDrr"},        {"VMOVSDrm_alt", "VMOV64toSDrr"},
      {"VMOVSDZrm", "VMOV64toSDZrr"},      {"VMOVSDZrm_alt", "VMOV64toSDZrr"},
      {"MOVQI2PQIrm", "MOV64toPQIrr"},     {"VMOVQI2PQIrm", "VMOV64toPQIrr"},
      {"VMOVQI2PQIZrm", "VMOV64toPQIZrr"}, {"MOV64toPQIrm", "MOV64toPQIrr"},
      {"VMOV64toPQIrm", "VMOV64toPQIrr"},  {"VMOV64toPQIZrm", "VMOV64toPQIZrr"},
      {"MOVDI2PDIrm", "MOVDI2PDIrr"},      {"VMOVDI2PDIrm", "VMOVDI2PDIrr"},
      {"VMOVDI2PDIZrm", "VMOVDI2PDIZrr"},  {"MOVSSrm", "MOVDI2SSrr"},
      {"MOVSSrm_alt", "MOVDI2SSrr"},       {"VMOVSSrm", "VMOVDI2SSrr"},
      {"VMOVSSrm_alt", "VMOVDI2SSrr"},     {"VMOVSSZrm", "VMOVDI2SSZrr"},
      {"VMOVSSZrm_alt", "VMOVDI2SSZrr"}};
  for (const auto &[From, To] : VectorLoads)
    if (Name == From)
      return lookupOpcode(To);
  auto [Base, Rest] = Name.split('_');
  std::string Suffix = Rest.empty() ? "" : ("_" + Rest).str();
  static const std::pair<StringRef, StringRef> Forms[] = {
      {"rmm", "r"},   {"rm", "rr"}, {"mr", "rr"}, {"mi32", "ri32"},
      {"mi8", "ri8"}, {"mi", "ri"}, {"m", "r"}};
  for (const auto &[From, To] : Forms) {
    // The operand kinds follow the operand size: "CMP64" + "mi32".
    if (!Base.ends_with(From) || !isDigit(Base.drop_back(From.size()).back()))
      continue;
    std::string Candidate = (Base.drop_back(From.size()) + To + Suffix).str();
    auto Opc = lookupOpcode(Candidate);
    if (!Opc)
      continue;
    const MCInstrDesc &Old = TII->get(Opcode), &New = TII->get(*Opc);
    if (Old.getNumOperands() == New.getNumOperands() + MemNumOperands - 1)
      return Opc;
  }
  return std::nullopt;
}
