//===- X86Decoder.h - x86-64 instruction decoding helpers ------*- C++ -*-===//
//
// Thin layer over the X86 MCDisassembler from the target registry. Only
// public MC interfaces are used: opcodes are recognised by their names and
// by MCInstrDesc properties, never by private X86 enums.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_CHECK_X86DECODER_H
#define GOTFREE_CHECK_X86DECODER_H

#include "ElfInput.h"

#include "llvm/MC/MCInst.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>

namespace llvm {
class MCAsmInfo;
class MCContext;
class MCDisassembler;
class MCInstPrinter;
class MCInstrAnalysis;
class MCInstrInfo;
class MCRegisterInfo;
class MCSubtargetInfo;
} // namespace llvm

namespace gotfree {

struct DecodedInsn {
  uint64_t Addr = 0;
  uint64_t Size = 0;
  llvm::MCInst Inst;
};

/// Shape of an indirect jump: `jmp *%reg` or `jmp *disp(base,index,scale)`.
struct IndirectJump {
  bool Memory = false;
  unsigned Scale = 0;
};

class X86Decoder {
public:
  static llvm::Expected<std::unique_ptr<X86Decoder>> create();
  ~X86Decoder();

  std::optional<DecodedInsn> decode(llvm::ArrayRef<uint8_t> Bytes,
                                    uint64_t Addr) const;
  /// Decodes the instruction starting at Addr in the input's contents.
  std::optional<DecodedInsn> decodeAt(const ElfInput &In, uint64_t Addr) const;
  /// AT&T text of the instruction, single spaces, e.g. "leaq 0x2f(%rip), %rax".
  std::string text(const DecodedInsn &I) const;
  llvm::StringRef opcodeName(const llvm::MCInst &I) const;
  /// Address reached by a RIP-relative memory operand.
  std::optional<uint64_t> ripTarget(const DecodedInsn &I) const;
  /// Target of a direct relative branch or call.
  std::optional<uint64_t> branchTarget(const DecodedInsn &I) const;
  std::optional<IndirectJump> indirectJump(const llvm::MCInst &I) const;

  /// The instruction whose RIP displacement or rel32 is the 4-byte field at
  /// Place, found by decoding backwards from Place (no need to decode the
  /// whole function, so the cost stays proportional to the relocations).
  std::optional<DecodedInsn> insnWithFieldAt(const ElfInput &In,
                                             uint64_t Place) const;

  /// Linear sweep over [Start, Start+Bytes.size()). Undecodable bytes are
  /// skipped one at a time and reported with Size == 0.
  void sweep(llvm::ArrayRef<uint8_t> Bytes, uint64_t Start,
             llvm::function_ref<void(const DecodedInsn &)> Fn) const;

private:
  X86Decoder() = default;
  bool fieldMatches(const ElfInput &In, const DecodedInsn &D,
                    uint64_t Place) const;

  std::unique_ptr<llvm::MCRegisterInfo> MRI;
  std::unique_ptr<llvm::MCAsmInfo> MAI;
  std::unique_ptr<llvm::MCSubtargetInfo> STI;
  std::unique_ptr<llvm::MCInstrInfo> MII;
  std::unique_ptr<llvm::MCContext> Ctx;
  std::unique_ptr<llvm::MCDisassembler> Disasm;
  std::unique_ptr<llvm::MCInstrAnalysis> MIA;
  std::unique_ptr<llvm::MCInstPrinter> Printer;
};

} // namespace gotfree

#endif
