//===- ReferencePolicy.cpp - The GOT-free output contract, decided once ---===//

#include "ReferencePolicy.h"
#include "GotFreeOptions.h"
#include "X86Names.h"

#include "llvm/CodeGen/MachineFunction.h"
#include "llvm/CodeGen/MachineInstr.h"
#include "llvm/CodeGen/TargetInstrInfo.h"
#include "llvm/CodeGen/TargetOpcodes.h"
#include "llvm/IR/GlobalObject.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;
using namespace gotfree;

void gotfree::collectSymbolRefs(const MachineInstr &MI, const X86Names &N,
                                SmallVectorImpl<SymbolRef> &Out) {
  if (!MI.isInlineAsm()) {
    collectSymbolOperands(MI, N, Out);
    return;
  }

  StringRef Tmpl = MI.getOperand(InlineAsm::MIOp_AsmString).getSymbolName();
  SmallVector<AsmOperandUse, 4> Uses = parseAsmOperandUses(Tmpl);
  for (const AsmOperandGroup &G : getAsmOperandGroups(MI)) {
    if (G.Flag.isMemKind() &&
        G.Flag.getNumOperandRegisters() == MemNumOperands) {
      unsigned MemIdx = G.FlagIdx + 1;
      if (!isSymbolRef(MI.getOperand(MemIdx + MemDisp)))
        continue;
      SymbolRef Ref{SymbolRef::AsmMemory, MemIdx + MemDisp, MemIdx, G.OpNo};
      for (const AsmOperandUse &U : Uses) {
        Ref.SegmentPrefixed |= U.OpNo == G.OpNo && U.SegmentPrefixed;
        Ref.IndexedInText |= U.OpNo == G.OpNo && U.IndexedInText;
      }
      Out.push_back(Ref);
      continue;
    }
    const MachineOperand &MO = MI.getOperand(G.FlagIdx + 1);
    if (!G.Flag.isImmKind() || !isSymbolRef(MO))
      continue;
    // The worst use decides: an absolute immediate anywhere in the template
    // cannot be rewritten.
    SymbolRef Ref{SymbolRef::AsmImmediate, G.FlagIdx + 1, 0, G.OpNo};
    for (const AsmOperandUse &U : Uses) {
      if (U.OpNo != G.OpNo)
        continue;
      AsmSymbolUse Use = classifySymbolUse(U, MO.isBlockAddress());
      if (Use == AsmSymbolUse::AbsoluteImmediate ||
          (Use == AsmSymbolUse::AbsoluteData64 &&
           Ref.AsmUse == AsmSymbolUse::Relative))
        Ref.AsmUse = Use;
    }
    Out.push_back(Ref);
  }
}

static bool isSegmentRelative(const MachineInstr &MI, const SymbolRef &Ref,
                              const X86Names &N) {
  if (Ref.Site == SymbolRef::AsmMemory)
    return Ref.SegmentPrefixed;
  const MachineOperand &Seg = MI.getOperand(Ref.MemIdx + MemSegment);
  return Seg.isReg() && (Seg.getReg() == N.FS || Seg.getReg() == N.GS);
}

static std::optional<DiagnosticSeverity> verifierSeverity() {
  switch (getVerifyPolicy()) {
  case VerifyPolicy::Error:
    return DS_Error;
  case VerifyPolicy::Warn:
    return DS_Warning;
  case VerifyPolicy::Off:
    break;
  }
  return std::nullopt;
}

static RefDecision keep(RefReason R) {
  return {RefAction::Keep, R, std::nullopt};
}
static RefDecision rewrite(RefReason R) {
  return {RefAction::Rewrite, R, verifierSeverity()};
}
static RefDecision formAbsolute(RefReason R) {
  return {RefAction::FormAbsolute, R, verifierSeverity()};
}
static RefDecision violation(RefReason R) {
  return {RefAction::Violation, R, verifierSeverity()};
}

/// The address of an extern_weak symbol, zero when it is undefined wherever
/// the image runs, cannot be formed PC-relatively.
static RefDecision weakAddress(RefReason R = RefReason::WeakAddress) {
  return getWeakPolicy() == WeakPolicy::Error ? violation(RefReason::WeakError)
                                              : formAbsolute(R);
}

/// A %fs:/%gs:-relative reference, by segment-refs.
static std::optional<RefDecision> segmentReference() {
  switch (getSegmentPolicy()) {
  case SegmentPolicy::Keep:
    return keep(RefReason::SegmentKept);
  case SegmentPolicy::Error:
    return violation(RefReason::SegmentError);
  case SegmentPolicy::RIP:
    break;
  case SegmentPolicy::Auto:
    llvm_unreachable("resolved by getSegmentPolicy");
  }
  return std::nullopt;
}

/// Whether \p MO names a kernel's per-CPU variable (its section is
/// .data..percpu or one of its .data..percpu..* variants, which the kernel
/// puts on definitions and declarations alike) in code for a kernel: on a
/// zero-based per-CPU area its address is an offset into the area, which
/// per_cpu_ptr() adds to __per_cpu_offset[cpu] ("runqueues(%rcx)"), and which
/// the relocs tool leaves alone, like the %gs:-relative references.
static bool isPerCPUOffset(const MachineInstr &MI, const MachineOperand &MO) {
  if (!MO.isGlobal() || !isKernelOutput(MI.getMF()->getTarget().getCodeModel()))
    return false;
  const GlobalObject *GO = MO.getGlobal()->getAliaseeObject();
  return GO && GO->getSection().starts_with(".data..percpu");
}

/// The address of a per-CPU variable in a kernel, by segment-refs, whose
/// "keep" assumes zero-based per-CPU data for both kinds of reference.
static std::optional<RefDecision> perCPUOffset(const MachineInstr &MI,
                                               const MachineOperand &MO) {
  if (getSegmentPolicy() != SegmentPolicy::Keep || !isPerCPUOffset(MI, MO))
    return std::nullopt;
  return keep(RefReason::PerCPUOffset);
}

/// What the asm-imm policy makes of an absolute use in inline asm (an "i"
/// operand or a symbol named in the text), for code of \p TM.
static RefDecision asmImmediate(RefReason R, const TargetMachine &TM) {
  std::optional<CodeModel::Model> CM = TM.getCodeModel();
  switch (resolveAsmImm(CM)) {
  case AsmImmPolicy::Error:
    return {RefAction::Violation, R, DS_Error};
  case AsmImmPolicy::Warn:
    return {RefAction::Violation, R, DS_Warning};
  case AsmImmPolicy::Ignore:
    break;
  case AsmImmPolicy::Auto:
    llvm_unreachable("resolved by resolveAsmImm");
  }
  return keep(getAsmImmPolicy() == AsmImmPolicy::Auto
                  ? RefReason::AsmKernel
                  : RefReason::AsmImmIgnored);
}

/// A symbol inline asm uses, as an operand or in its text: PC-relative uses,
/// 64-bit data words and uses in a section that is not loaded are kept, a GOT
/// use is a violation, an absolute use (reason \p Absolute) follows asm-imm.
static RefDecision asmSymbolUse(AsmSymbolUse Use, RefReason Absolute,
                                const TargetMachine &TM) {
  switch (Use) {
  case AsmSymbolUse::Relative:
    return keep(RefReason::PCRelative);
  case AsmSymbolUse::AbsoluteData64:
    return keep(RefReason::AsmData64);
  case AsmSymbolUse::GOT:
    return violation(RefReason::AsmTextGOT);
  case AsmSymbolUse::NotLoaded:
    return keep(RefReason::AsmNotLoaded);
  case AsmSymbolUse::AbsoluteImmediate:
    break;
  }
  return asmImmediate(Absolute, TM);
}

/// The general- and local-dynamic models: a GOT pair for __tls_get_addr.
static bool isDynamicTLSFlag(StringRef Name) {
  return Name == "x86-tlsgd" || Name == "x86-tlsld" || Name == "x86-tlsldm";
}

/// Operands of target-independent instructions whose MCInstrDesc does not say
/// what they are.
static RefDecision classifyGenericOperand(const MachineInstr &MI) {
  switch (MI.getOpcode()) {
  case TargetOpcode::STATEPOINT:
  case TargetOpcode::PATCHABLE_TAIL_CALL:
  case TargetOpcode::PATCHABLE_EVENT_CALL:
  case TargetOpcode::PATCHABLE_TYPED_EVENT_CALL:
    // Lowered to a call or jmp to the symbol: PC-relative.
    return keep(RefReason::PCRelative);
  case TargetOpcode::LOCAL_ESCAPE:
    // ".Lf$frame_escape_0 = -4": a frame offset.
  case TargetOpcode::RELOC_NONE:
    // ".reloc ., R_X86_64_NONE, sym": nothing is relocated.
    return keep(RefReason::NotAnAddress);
  default:
    return violation(RefReason::Unsupported);
  }
}

RefDecision gotfree::classifyReference(const MachineInstr &MI,
                                       const SymbolRef &Ref,
                                       const X86Names &N) {
  const MachineOperand &MO = MI.getOperand(Ref.OpIdx);
  bool Weak = isExternWeakRef(MO);

  if (Ref.Site == SymbolRef::AsmImmediate) {
    if (isAbsoluteSymbolRef(MO))
      return keep(RefReason::AbsoluteSymbol);
    return asmSymbolUse(Ref.AsmUse, RefReason::AsmImmediate,
                        MI.getMF()->getTarget());
  }

  if (unsigned Flag = MO.getTargetFlags()) {
    if (!N.isGOTFlag(Flag))
      return keep(RefReason::NotAnAddress); // @PLT, @TPOFF, ...
    if (Ref.Site == SymbolRef::AsmMemory)
      return violation(RefReason::AsmGOT);
    if (Flag == N.FlagGOTTPOFF)
      return getTLSPolicy() == TLSPolicy::LocalExec
                 ? rewrite(RefReason::TLSInitialExec)
                 : violation(RefReason::TLSError);
    if (isDynamicTLSFlag(N.flagName(Flag)))
      return violation(RefReason::TLSDynamic);
    // @GOTOFF: an offset from the GOT base, what PIC code uses for large
    // data (medium model objects over the large-data threshold).
    if (N.flagName(Flag) == "x86-gotoff")
      return violation(RefReason::LargeData);
    // The GOT slot of an extern_weak symbol holds an absolute address.
    return Weak ? weakAddress(RefReason::GOTReference)
                : rewrite(RefReason::GOTReference);
  }
  if (isAbsoluteSymbolRef(MO))
    return keep(RefReason::AbsoluteSymbol);
  if (isFrameOffsetSymbol(MO))
    return keep(RefReason::NotAnAddress);

  switch (Ref.Site) {
  case SymbolRef::PCRelative:
    return keep(RefReason::PCRelative);
  case SymbolRef::Other:
    return classifyGenericOperand(MI);
  case SymbolRef::Immediate:
    if (std::optional<RefDecision> D = perCPUOffset(MI, MO))
      return *D;
    if (!Weak)
      return rewrite(RefReason::AbsoluteImmediate);
    if (MI.getOpcode() == N.MOV64ri && getWeakPolicy() != WeakPolicy::Error)
      return keep(RefReason::WeakAbsolute);
    return weakAddress();
  case SymbolRef::Displacement:
  case SymbolRef::AsmMemory: {
    const MachineOperand &Base = MI.getOperand(Ref.MemIdx + MemBase);
    const MachineOperand &Index = MI.getOperand(Ref.MemIdx + MemIndex);
    // Loads and stores through an extern_weak symbol are only valid when it
    // is defined: RIP-relative is right for them. Its address is not, and
    // an access next to a base or an index register needs the address in a
    // register of its own.
    bool NeedsAddress =
        N.isLEA(MI.getOpcode()) || Base.isFI() ||
        (Base.isReg() && Base.getReg() && Base.getReg() != N.RIP) ||
        (Index.isReg() && Index.getReg());
    if (Weak && Ref.Site == SymbolRef::Displacement && NeedsAddress)
      return weakAddress();
    // The assembler adds the text's index to the operand: no RIP base then.
    if (Ref.IndexedInText)
      return violation(RefReason::AsmIndexedInText);
    if (Base.isReg() && Base.getReg() == N.RIP)
      return keep(RefReason::PCRelative);
    if (isSegmentRelative(MI, Ref, N))
      if (std::optional<RefDecision> D = segmentReference())
        return *D;
    if (std::optional<RefDecision> D = perCPUOffset(MI, MO))
      return *D;
    return rewrite(Ref.Site == SymbolRef::AsmMemory
                       ? RefReason::AsmAbsoluteMemory
                       : RefReason::AbsoluteMemory);
  }
  case SymbolRef::AsmImmediate:
    break;
  }
  llvm_unreachable("inline asm immediates are decided above");
}

RefDecision gotfree::classifyAsmTextRef(const TargetMachine &TM,
                                        const AsmTextRef &Ref) {
  return asmSymbolUse(Ref.Use, RefReason::AsmTextAbsolute, TM);
}

std::string gotfree::describeAsmTextDecision(const AsmTextRef &Ref,
                                             const RefDecision &D) {
  std::string What = (Ref.LabelOperand ? "asm goto label %l" +
                                             std::to_string(*Ref.LabelOperand)
                      : Ref.Symbol.empty() ? "a local label"
                                           : "'" + Ref.Symbol + "'") +
                     " in " + Ref.Where;
  switch (D.Reason) {
  case RefReason::AsmTextAbsolute:
    return "inline asm text uses the address of " + What +
           " as an absolute value, which cannot be made PC-relative";
  case RefReason::AsmTextGOT:
    return "inline asm text makes a GOT reference to " + What;
  case RefReason::AsmKernel:
    return "kept absolute reference to " + What +
           " in inline asm text (a kernel's relocs tool applies it)";
  case RefReason::AsmData64:
    return "kept a 64-bit data word holding " + What + " in inline asm text";
  case RefReason::AsmNotLoaded:
    return "kept absolute reference to " + What +
           " in inline asm text: its section is not loaded";
  case RefReason::AsmImmIgnored:
    return "kept absolute reference to " + What +
           " in inline asm text (asm-imm=ignore)";
  default:
    return "reference to " + What + " in inline asm text";
  }
}

bool gotfree::isPolicyKeep(const RefDecision &D) {
  return D.Action == RefAction::Keep && (D.Reason == RefReason::SegmentKept ||
                                         D.Reason == RefReason::PerCPUOffset ||
                                         D.Reason == RefReason::AsmKernel ||
                                         D.Reason == RefReason::AsmImmIgnored ||
                                         D.Reason == RefReason::AsmData64);
}

std::string gotfree::describeDecision(const MachineInstr &MI,
                                      const SymbolRef &Ref,
                                      const RefDecision &D, const X86Names &N) {
  const MachineOperand &MO = MI.getOperand(Ref.OpIdx);
  std::string What = describeSymbolRef(MO);
  std::string In = " in " + N.TII->getName(MI.getOpcode()).str();
  std::string AsmOp = "inline asm operand " + std::to_string(Ref.AsmOpNo);
  switch (D.Reason) {
  case RefReason::GOTReference:
    return "GOT reference (" + N.flagName(MO.getTargetFlags()).str() + ") to " +
           What + In;
  case RefReason::TLSInitialExec:
    return "initial-exec GOT slot of thread-local " + What + In +
           " could not be made a local-exec offset";
  case RefReason::AbsoluteMemory:
    return "absolute memory reference to " + What + In;
  case RefReason::AbsoluteImmediate:
    return "absolute immediate reference to " + What + In;
  case RefReason::AsmAbsoluteMemory:
    return AsmOp + " references " + What + " absolutely";
  case RefReason::WeakAddress:
    return "the address of extern_weak symbol " + What + In +
           " must be formed with movabsq, which this instruction cannot take";
  case RefReason::PCRelative:
    return "PC-relative reference to " + What;
  case RefReason::NotAnAddress:
    return "reference to " + What + In + " is not an absolute address";
  case RefReason::AbsoluteSymbol:
    return "kept reference to absolute symbol " + What;
  case RefReason::SegmentKept:
    return "kept segment-relative reference to " + What;
  case RefReason::PerCPUOffset:
    return "kept absolute reference to per-CPU variable " + What + In +
           ": an offset into the zero-based per-CPU area (segment-refs=keep)";
  case RefReason::WeakAbsolute:
    return "address of extern_weak symbol " + What + " formed with movabsq";
  case RefReason::AsmData64:
    return "kept " + AsmOp + ": a 64-bit data word holding " + What;
  case RefReason::AsmImmIgnored:
    return "kept " + AsmOp + " ('i'): the address of " + What +
           " used as an absolute value (asm-imm=ignore)";
  case RefReason::AsmKernel:
    return "kept " + AsmOp + " ('i'): the address of " + What +
           " used as an absolute value (a kernel's relocs tool applies it)";
  case RefReason::WeakError:
    return "the address of extern_weak symbol " + What +
           " cannot be formed PC-relatively (weak=error)";
  case RefReason::TLSError:
    return "thread-local " + What + " is reached through a GOT slot " +
           "(initial-exec) (tls=error)";
  case RefReason::TLSDynamic:
    return "thread-local " + What + " needs __tls_get_addr and a GOT pair (" +
           N.flagName(MO.getTargetFlags()).str() +
           "): gotfree builds executables and kernels, compile them with "
           "-fpie or -fno-pie (tls=local-exec)";
  case RefReason::LargeData:
    return "large-data object " + What + In +
           " is reached relative to the GOT base (x86-gotoff), and a "
           "GOT-free image has none: keep it under -mlarge-data-threshold, "
           "or build it in rewrite mode (-fno-pie)";
  case RefReason::SegmentError:
    return "segment-relative reference to " + What +
           " is absolute (segment-refs=error)";
  case RefReason::AsmGOT:
    return AsmOp + " is a GOT reference to " + What;
  case RefReason::AsmIndexedInText:
    return AsmOp + ", a memory reference to " + What +
           ", is indexed by the template text ($N[...]), which makes it an "
           "absolute address: pass the index as part of the operand";
  case RefReason::AsmImmediate:
    return AsmOp + " ('i') uses the address of " + What +
           " as an absolute value, which cannot be made PC-relative";
  case RefReason::Unsupported:
    return "unsupported reference to " + What + In;
  case RefReason::AsmTextAbsolute:
  case RefReason::AsmTextGOT:
  case RefReason::AsmNotLoaded:
    break; // describeAsmTextDecision
  }
  llvm_unreachable("every operand reason has a text");
}
