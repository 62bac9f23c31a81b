//===- X86Names.h - X86 opcodes, registers and flags by name ----*- C++ -*-===//
//
// The X86 backend's private headers are not installed, so every opcode,
// register, sub-register index and operand target flag gotfree needs is looked
// up by its name in the target's own tables, once per subtarget.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_X86NAMES_H
#define GOTFREE_X86NAMES_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/CodeGen/Register.h"
#include <optional>
#include <string>

namespace llvm {
class MachineFunction;
class MachineInstr;
class MachineOperand;
class TargetInstrInfo;
class TargetRegisterClass;
class TargetRegisterInfo;
} // namespace llvm

namespace gotfree {

/// Operand indices inside an x86 memory reference, relative to its first one.
enum MemOperandPart : unsigned {
  MemBase = 0,
  MemScale = 1,
  MemIndex = 2,
  MemDisp = 3,
  MemSegment = 4,
  MemNumOperands = 5
};

class X86Names {
public:
  /// Looks every required name up; returns std::nullopt and fills \p Missing
  /// when the target does not have one of them.
  static const X86Names *get(const llvm::MachineFunction &MF,
                             std::string &Missing);

  /// The opcode called \p Name, or std::nullopt.
  std::optional<unsigned> lookupOpcode(llvm::StringRef Name) const;

  // Opcodes gotfree emits.
  unsigned LEA64r, LEA64_32r, MOV64rm, MOV64ri, MOV64ri32, MOV32ri64, MOV32ri;
  unsigned CALL64m, CALL64r, CALL64pcrel32;
  unsigned TCRETURNmi64, TCRETURNdi64, TCRETURNri64, TAILJMPm64, TAILJMPd64,
      TAILJMPm64_REX;
  unsigned JMP64m, JMP64r, ADD64rm, ADD64ri32;

  // Registers.
  llvm::MCRegister RIP, FS, GS;

  // Operand target flags.
  unsigned FlagGOTPCREL, FlagGOTPCRELNoRelax, FlagGOTTPOFF, FlagTPOFF;
  /// Flags whose relocation needs a GOT entry or the GOT's address.
  bool isGOTFlag(unsigned Flag) const;
  /// The serialized name of a target flag, for messages.
  llvm::StringRef flagName(unsigned Flag) const;

  // Sub-register indices by width.
  unsigned Sub8, Sub16, Sub32;

  /// Index of the first of the five operands of \p MI's memory reference, or
  /// std::nullopt when it has none.
  std::optional<unsigned> getMemOperandIdx(const llvm::MachineInstr &MI) const;
  bool isLEA(unsigned Opcode) const;

  /// The register form of an instruction with a symbol immediate, found by
  /// name (CMP64ri32 -> CMP64rr, MOV64mi32 -> MOV64mr, PUSH64i32 -> PUSH64r).
  std::optional<unsigned> getRegisterForm(unsigned Opcode) const;

  /// The form of an instruction that takes, instead of its memory operand, a
  /// register holding the loaded value (CMP64mi32 -> CMP64ri32, ADD64rm ->
  /// ADD64rr, PUSH64rmm -> PUSH64r).
  std::optional<unsigned> getMemoryToRegisterForm(unsigned Opcode) const;

  const llvm::TargetInstrInfo *TII = nullptr;
  const llvm::TargetRegisterInfo *TRI = nullptr;

private:
  /// The target's opcodes, [first, end) ranges in which TableGen numbered
  /// them in name order; a lookup binary-searches each.
  llvm::SmallVector<std::pair<unsigned, unsigned>, 4> SortedOpcodeRuns;
  /// Used instead when the names come in too many runs to search.
  llvm::StringMap<unsigned> Opcodes;
  llvm::StringMap<unsigned> Flags;
  llvm::SmallVector<std::pair<unsigned, llvm::StringRef>, 0> FlagNames;
  unsigned LEA32r, LEA16r;
  bool init(const llvm::MachineFunction &MF, std::string &Missing);
};

} // namespace gotfree

#endif
