//===- Rewrites.cpp - The instruction rewrites gotfree performs -----------===//

#include "Rewrites.h"
#include "Diagnostics.h"
#include "GotFreeOptions.h"
#include "InlineAsmRefs.h"
#include "SymbolRefs.h"
#include "X86Names.h"

#include "Statistics.h"
#include "llvm/CodeGen/MachineFunction.h"
#include "llvm/CodeGen/MachineInstrBuilder.h"
#include "llvm/CodeGen/MachineOptimizationRemarkEmitter.h"
#include "llvm/CodeGen/MachineRegisterInfo.h"
#include "llvm/CodeGen/TargetInstrInfo.h"
#include "llvm/CodeGen/TargetRegisterInfo.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/GlobalVariable.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_STATISTIC(NumMovToLEA,
                  "Symbol address moves rewritten as RIP-relative LEA");
GOTFREE_STATISTIC(NumMemToRIP, "Absolute memory references made RIP-relative");
GOTFREE_STATISTIC(NumIndexedMem,
                  "Indexed absolute memory references given a base");
GOTFREE_STATISTIC(NumImmToReg, "Symbol immediates rewritten to register forms");
GOTFREE_STATISTIC(NumWeakAbs, "extern_weak addresses formed with movabsq");
GOTFREE_STATISTIC(NumSegmentKept,
                  "%fs:/%gs:-relative references left absolute");
GOTFREE_STATISTIC(NumAsmMem, "Inline asm memory operands made RIP-relative");
GOTFREE_STATISTIC(NumGOTLoadToLEA, "GOT loads rewritten as RIP-relative LEA");
GOTFREE_STATISTIC(NumGOTLoadFolded, "GOT loads folded into their users");
GOTFREE_STATISTIC(NumGOTCalls,
                  "Calls and tail calls through the GOT made direct");

/// A copy of \p MO without target flags, for a direct reference.
static MachineOperand plainSymbol(const MachineOperand &MO) {
  MachineOperand Sym = MO;
  Sym.setTargetFlags(0);
  if (Sym.isReg())
    Sym.setIsKill(false);
  return Sym;
}

static const TargetRegisterClass *regClassOf(const RewriteContext &Ctx,
                                             unsigned Opcode, unsigned OpIdx) {
  return Ctx.N.TII->getRegClass(Ctx.N.TII->get(Opcode), OpIdx);
}

/// True when the address of the extern_weak \p Sym must be formed with
/// movabsq; std::nullopt under weak=error, where the reference is left for the
/// verifier to report.
static std::optional<bool> needsAbsoluteWeakAddress(const MachineOperand &Sym) {
  if (!isExternWeakRef(Sym))
    return false;
  if (getWeakPolicy() == WeakPolicy::Error)
    return std::nullopt;
  return true;
}

/// Whether \p Sym plus \p Offset stays within reach of a RIP-relative
/// displacement. An absolute reference may carry any 32-bit offset (the
/// kernel's "__bss_stop - 0xffffffff80000000"); a PC-relative one needs
/// S + A - P to fit in 32 bits, which holds for offsets inside the object and
/// for small ones.
static bool isNearOffset(const MachineFunction &MF, const MachineOperand &Sym,
                         int64_t Offset) {
  constexpr int64_t Near = int64_t(1) << 20;
  if (Offset > -Near && Offset < Near)
    return true;
  if (!Sym.isGlobal())
    return false;
  const auto *GV = dyn_cast<GlobalVariable>(Sym.getGlobal());
  return GV && Offset >= 0 &&
         uint64_t(Offset) <=
             MF.getDataLayout().getTypeAllocSize(GV->getValueType());
}

static bool isNearOffset(const MachineFunction &MF, const MachineOperand &Sym) {
  return Sym.isJTI() || isNearOffset(MF, Sym, Sym.getOffset());
}

/// Emits "Dst = address of Sym" before \p I: a RIP-relative LEA, or movabsq
/// for an extern_weak symbol, which may be zero wherever the image runs. A
/// far offset is added by a second LEA, so that the RIP-relative one stays in
/// range.
static bool buildAddressOf(RewriteContext &Ctx, MachineInstr &ForMI,
                           MachineBasicBlock::iterator I,
                           const MachineOperand &Sym, Register Dst) {
  std::optional<bool> Weak = needsAbsoluteWeakAddress(Sym);
  if (!Weak)
    return false;
  MachineBasicBlock &MBB = *ForMI.getParent();
  const DebugLoc &DL = ForMI.getDebugLoc();
  const TargetInstrInfo &TII = *Ctx.N.TII;
  if (*Weak) {
    BuildMI(MBB, I, DL, TII.get(Ctx.N.MOV64ri), Dst).add(plainSymbol(Sym));
    ++NumWeakAbs;
    return true;
  }
  if (isNearOffset(Ctx.MF, Sym)) {
    BuildMI(MBB, I, DL, TII.get(Ctx.N.LEA64r), Dst)
        .addReg(Ctx.N.RIP)
        .addImm(1)
        .addReg(0)
        .add(plainSymbol(Sym))
        .addReg(0);
    return true;
  }
  MachineOperand Base = plainSymbol(Sym);
  Base.setOffset(0);
  Register Tmp = Dst;
  if (Ctx.CanCreateRegs)
    Tmp = Ctx.MF.getRegInfo().createVirtualRegister(
        regClassOf(Ctx, Ctx.N.LEA64r, 0));
  BuildMI(MBB, I, DL, TII.get(Ctx.N.LEA64r), Tmp)
      .addReg(Ctx.N.RIP)
      .addImm(1)
      .addReg(0)
      .add(Base)
      .addReg(0);
  BuildMI(MBB, I, DL, TII.get(Ctx.N.LEA64r), Dst)
      .addReg(Tmp)
      .addImm(1)
      .addReg(0)
      .addImm(Sym.getOffset())
      .addReg(0);
  return true;
}

/// A new virtual register holding the address of \p Sym, or an invalid one.
static Register materializeAddress(RewriteContext &Ctx, MachineInstr &MI,
                                   const MachineOperand &Sym) {
  MachineRegisterInfo &MRI = Ctx.MF.getRegInfo();
  Register R = MRI.createVirtualRegister(regClassOf(Ctx, Ctx.N.LEA64r, 0));
  if (!buildAddressOf(Ctx, MI, MI.getIterator(), Sym, R))
    return Register();
  return R;
}

/// Handles a %fs:/%gs: reference by policy; true when it must stay as is.
/// Under segment-refs=error it stays for the verifier to report.
static bool keepSegmentRef(RewriteContext &Ctx, const MachineInstr &MI,
                           const MachineOperand &Sym) {
  switch (getSegmentPolicy()) {
  case SegmentPolicy::RIP:
    return false;
  case SegmentPolicy::Error:
    return true;
  case SegmentPolicy::Keep:
    break;
  }
  ++NumSegmentKept;
  remarkKept(Ctx.ORE, MI, "SegmentRefKept",
             "kept segment-relative reference to " + describeSymbolRef(Sym));
  return true;
}

/// Makes the memory reference at \p MemIdx, whose displacement is an absolute
/// symbol, RIP-relative.
static bool rewriteDisplacement(RewriteContext &Ctx, MachineInstr &MI,
                                unsigned MemIdx) {
  MachineOperand &Base = MI.getOperand(MemIdx + MemBase);
  MachineOperand &Scale = MI.getOperand(MemIdx + MemScale);
  MachineOperand &Index = MI.getOperand(MemIdx + MemIndex);
  MachineOperand &Disp = MI.getOperand(MemIdx + MemDisp);
  MachineOperand &Seg = MI.getOperand(MemIdx + MemSegment);
  if (Disp.getTargetFlags() != 0 || isAbsoluteSymbolRef(Disp))
    return false;
  if (Base.isReg() && Base.getReg() == Ctx.N.RIP)
    return false;
  if (Seg.isReg() && (Seg.getReg() == Ctx.N.FS || Seg.getReg() == Ctx.N.GS) &&
      keepSegmentRef(Ctx, MI, Disp))
    return false;

  bool HasBase = Base.isFI() || (Base.isReg() && Base.getReg());
  bool HasIndex = Index.isReg() && Index.getReg();
  bool IsLEA = Ctx.N.isLEA(MI.getOpcode());
  // A load or store through an extern_weak symbol is only valid when it is
  // defined, so RIP-relative is right; forming its address is not.
  bool WeakAddress = IsLEA && isExternWeakRef(Disp);
  std::string What = describeSymbolRef(Disp);

  if (!HasBase && !HasIndex && !WeakAddress && isNearOffset(Ctx.MF, Disp)) {
    Base.ChangeToRegister(Ctx.N.RIP, /*isDef=*/false);
    Scale.setImm(1);
    ++NumMemToRIP;
    remarkRewritten(Ctx.ORE, MI, "AbsoluteMemToRIP",
                    "made absolute memory reference to " + What +
                        " RIP-relative");
    return true;
  }
  if (!Ctx.CanCreateRegs)
    return false;

  // The displacement cannot be RIP-relative next to a register: put the
  // symbol's address in a register and let it take a register's place. Its
  // offset stays in the displacement, so that all references to one symbol
  // ("arr", "arr+32") share one LEA after MachineCSE.
  int64_t Offset = Disp.isJTI() ? 0 : Disp.getOffset();
  MachineOperand Sym = Disp;
  if (Offset)
    Sym.setOffset(0);
  Register Addr = materializeAddress(Ctx, MI, Sym);
  if (!Addr)
    return false;
  MachineRegisterInfo &MRI = Ctx.MF.getRegInfo();
  Disp.ChangeToImmediate(Offset);
  if (!HasBase) {
    Base.ChangeToRegister(Addr, /*isDef=*/false);
  } else if (!HasIndex) {
    MRI.constrainRegClass(Addr, regClassOf(Ctx, Ctx.N.LEA64r, 1 + MemIndex));
    Index.ChangeToRegister(Addr, /*isDef=*/false);
    Scale.setImm(1);
  } else {
    Register Sum = MRI.createVirtualRegister(regClassOf(Ctx, Ctx.N.LEA64r, 0));
    MRI.constrainRegClass(Addr, regClassOf(Ctx, Ctx.N.LEA64r, 1 + MemIndex));
    MachineOperand OldBase = Base;
    OldBase.setIsKill(false);
    BuildMI(*MI.getParent(), MI, MI.getDebugLoc(), Ctx.N.TII->get(Ctx.N.LEA64r),
            Sum)
        .add(OldBase)
        .addImm(1)
        .addReg(Addr)
        .addImm(0)
        .addReg(0);
    Base.ChangeToRegister(Sum, /*isDef=*/false);
  }
  ++NumIndexedMem;
  remarkRewritten(Ctx.ORE, MI, "IndexedMemToRIP",
                  "gave indexed absolute reference to " + What +
                      " a RIP-relative base");
  return true;
}

/// Rewrites a move of a symbol's address (MOV64ri32, MOV32ri64, MOV64ri,
/// MOV32ri) as a RIP-relative LEA of the same register; an extern_weak
/// symbol's address is moved with movabsq.
static bool rewriteAddressMove(RewriteContext &Ctx, MachineInstr &MI) {
  const X86Names &N = Ctx.N;
  unsigned Opc = MI.getOpcode();
  const MachineOperand &Sym = MI.getOperand(1);
  if (!isSymbolRef(Sym) || Sym.getTargetFlags() != 0 ||
      isAbsoluteSymbolRef(Sym))
    return false;
  std::optional<bool> Weak = needsAbsoluteWeakAddress(Sym);
  if (!Weak)
    return false;
  Register Dst = MI.getOperand(0).getReg();
  MachineBasicBlock &MBB = *MI.getParent();
  std::string What = describeSymbolRef(Sym);
  MachineInstr *New;
  if (*Weak) {
    if (Opc == N.MOV64ri)
      return false; // Already movabsq.
    if (Opc == N.MOV32ri)
      return false; // No 32-bit movabsq: the verifier reports it.
    New = BuildMI(MBB, MI, MI.getDebugLoc(), N.TII->get(N.MOV64ri), Dst)
              .add(plainSymbol(Sym));
    ++NumWeakAbs;
    remarkRewritten(Ctx.ORE, MI, "WeakAddressAbs",
                    "formed address of extern_weak " + What + " with movabsq");
  } else {
    if (Opc != N.MOV32ri) {
      buildAddressOf(Ctx, MI, MI.getIterator(), Sym, Dst);
    } else if (isNearOffset(Ctx.MF, Sym)) {
      BuildMI(MBB, MI, MI.getDebugLoc(), N.TII->get(N.LEA64_32r), Dst)
          .addReg(N.RIP)
          .addImm(1)
          .addReg(0)
          .add(plainSymbol(Sym))
          .addReg(0);
    } else {
      // The low 32 bits of an address with a far offset.
      if (!Ctx.CanCreateRegs)
        return false;
      Register Addr = materializeAddress(Ctx, MI, Sym);
      BuildMI(MBB, MI, MI.getDebugLoc(), N.TII->get(TargetOpcode::COPY), Dst)
          .addReg(Addr, 0, N.Sub32);
    }
    New = &*std::prev(MI.getIterator());
    ++NumMovToLEA;
    remarkRewritten(Ctx.ORE, MI, "MovToLEA",
                    "rewrote " + N.TII->getName(Opc) + " of " + What +
                        " as RIP-relative LEA");
  }
  Ctx.MF.substituteDebugValuesForInst(MI, *New);
  MI.eraseFromParent();
  return true;
}

/// The sub-register of a 64-bit address that fills a \p Bits wide operand.
static unsigned subRegForWidth(const X86Names &N, unsigned Bits) {
  switch (Bits) {
  case 8:
    return N.Sub8;
  case 16:
    return N.Sub16;
  case 32:
    return N.Sub32;
  default:
    return 0;
  }
}

/// Rewrites an instruction with a symbol immediate (CMP64ri32, MOV64mi32,
/// PUSH64i32, ...) into its register form fed by a RIP-relative LEA.
static bool rewriteImmediate(RewriteContext &Ctx, MachineInstr &MI,
                             unsigned OpIdx) {
  const MachineOperand &Sym = MI.getOperand(OpIdx);
  if (Sym.getTargetFlags() != 0 || isAbsoluteSymbolRef(Sym))
    return false;
  const X86Names &N = Ctx.N;
  unsigned Opc = MI.getOpcode();
  if (Opc == N.MOV64ri32 || Opc == N.MOV32ri64 || Opc == N.MOV64ri ||
      Opc == N.MOV32ri)
    return rewriteAddressMove(Ctx, MI);
  std::string What = describeSymbolRef(Sym);
  if (!Ctx.CanCreateRegs)
    return false;
  std::optional<unsigned> RegForm = N.getRegisterForm(MI.getOpcode());
  const TargetRegisterClass *RC =
      RegForm ? regClassOf(Ctx, *RegForm, OpIdx) : nullptr;
  unsigned Bits = RC ? N.TRI->getRegSizeInBits(*RC) : 0;
  if (!RC || (Bits != 64 && !subRegForWidth(N, Bits)))
    return false; // No register form: the verifier reports it.
  Register Addr = materializeAddress(Ctx, MI, Sym);
  if (!Addr)
    return false;
  MachineRegisterInfo &MRI = Ctx.MF.getRegInfo();
  Register Operand = Addr;
  if (Bits != 64) {
    Operand = MRI.createVirtualRegister(RC);
    BuildMI(*MI.getParent(), MI, MI.getDebugLoc(),
            N.TII->get(TargetOpcode::COPY), Operand)
        .addReg(Addr, 0, subRegForWidth(N, Bits));
  } else {
    MRI.constrainRegClass(Addr, RC);
  }

  MachineInstr *New =
      Ctx.MF.CreateMachineInstr(N.TII->get(*RegForm), MI.getDebugLoc(), true);
  MI.getParent()->insert(MI.getIterator(), New);
  MachineInstrBuilder MIB(Ctx.MF, New);
  for (unsigned I = 0, E = MI.getNumOperands(); I != E; ++I) {
    if (I == OpIdx)
      MIB.addReg(Operand);
    else
      MIB.add(MI.getOperand(I));
  }
  MIB.cloneMemRefs(MI);
  MIB.setMIFlags(MI.getFlags());
  Ctx.MF.substituteDebugValuesForInst(MI, *New);
  ++NumImmToReg;
  remarkRewritten(Ctx.ORE, *New, "ImmToReg",
                  "rewrote " + N.TII->getName(MI.getOpcode()) + " of " + What +
                      " as " + N.TII->getName(*RegForm) +
                      " of a RIP-relative LEA");
  MI.eraseFromParent();
  return true;
}

bool gotfree::rewriteAbsoluteRefs(RewriteContext &Ctx, MachineInstr &MI) {
  SmallVector<SymbolOperand, 2> Ops;
  collectSymbolOperands(MI, Ctx.N, Ops);
  bool Changed = false;
  // Memory references are rewritten in place first; an immediate rewrite
  // replaces the instruction and therefore comes last.
  std::optional<unsigned> ImmIdx;
  for (const SymbolOperand &Op : Ops) {
    if (Op.Kind == RefKind::Displacement)
      Changed |= rewriteDisplacement(Ctx, MI, Op.MemIdx);
    else if (Op.Kind == RefKind::Immediate)
      ImmIdx = Op.OpIdx;
  }
  if (ImmIdx)
    Changed |= rewriteImmediate(Ctx, MI, *ImmIdx);
  return Changed;
}

bool gotfree::rewriteInlineAsmMemRefs(RewriteContext &Ctx, MachineInstr &MI) {
  if (!MI.isInlineAsm())
    return false;
  StringRef Tmpl = MI.getOperand(InlineAsm::MIOp_AsmString).getSymbolName();
  SmallVector<AsmOperandUse, 4> Uses = parseAsmOperandUses(Tmpl);
  bool Changed = false;
  for (const AsmOperandGroup &G : getAsmOperandGroups(MI)) {
    if (!G.Flag.isMemKind() ||
        G.Flag.getNumOperandRegisters() != MemNumOperands)
      continue;
    unsigned MemIdx = G.FlagIdx + 1;
    const MachineOperand &Disp = MI.getOperand(MemIdx + MemDisp);
    if (!isSymbolRef(Disp) || Disp.getTargetFlags() != 0)
      continue;
    // "%gs:$0" is per-CPU data: it follows the segment policy.
    bool Segment = false;
    for (const AsmOperandUse &U : Uses)
      Segment |= U.OpNo == G.OpNo && U.SegmentPrefixed;
    if (Segment && keepSegmentRef(Ctx, MI, Disp))
      continue;
    if (rewriteDisplacement(Ctx, MI, MemIdx)) {
      ++NumAsmMem;
      Changed = true;
    }
  }
  return Changed;
}

/// Folds "%r = MOV64rm $rip, @g@GOTPCREL" into users that only use %r as the
/// base of a memory reference with an immediate displacement.
static bool foldGOTLoad(RewriteContext &Ctx, MachineInstr &Load) {
  MachineRegisterInfo &MRI = Ctx.MF.getRegInfo();
  Register R = Load.getOperand(0).getReg();
  const MachineOperand &Sym = Load.getOperand(1 + MemDisp);
  if (!R.isVirtual() || isExternWeakRef(Sym) ||
      !(Sym.isGlobal() || Sym.isSymbol()))
    return false;
  SmallVector<std::pair<MachineInstr *, unsigned>, 4> Users;
  SmallVector<MachineInstr *, 2> Calls;
  for (MachineOperand &Use : MRI.use_nodbg_operands(R)) {
    MachineInstr &UseMI = *Use.getParent();
    if (UseMI.isInlineAsm())
      return false;
    // An indirect call through the loaded pointer becomes a direct call.
    if ((UseMI.getOpcode() == Ctx.N.CALL64r ||
         UseMI.getOpcode() == Ctx.N.TCRETURNri64) &&
        UseMI.getOperandNo(&Use) == 0 && Sym.isGlobal()) {
      Calls.push_back(&UseMI);
      continue;
    }
    std::optional<unsigned> MemIdx = Ctx.N.getMemOperandIdx(UseMI);
    if (!MemIdx || UseMI.getOperandNo(&Use) != *MemIdx + MemBase)
      return false;
    const MachineOperand &Index = UseMI.getOperand(*MemIdx + MemIndex);
    const MachineOperand &Disp = UseMI.getOperand(*MemIdx + MemDisp);
    if ((Index.isReg() && Index.getReg()) || !Disp.isImm() ||
        !isNearOffset(Ctx.MF, Sym, Sym.getOffset() + Disp.getImm()))
      return false;
    Users.emplace_back(&UseMI, *MemIdx);
  }
  if (Users.empty() && Calls.empty())
    return false;
  for (MachineInstr *Call : Calls) {
    MachineOperand &Target = Call->getOperand(0);
    Call->setDesc(Ctx.N.TII->get(Call->getOpcode() == Ctx.N.CALL64r
                                     ? Ctx.N.CALL64pcrel32
                                     : Ctx.N.TCRETURNdi64));
    Target.ChangeToGA(Sym.getGlobal(), Sym.getOffset(), 0);
    ++NumGOTCalls;
    remarkRewritten(Ctx.ORE, *Call, "GOTCallToDirect",
                    "made call through the GOT to " + describeSymbolRef(Sym) +
                        " direct");
  }
  for (auto [UseMI, MemIdx] : Users) {
    MachineOperand &Base = UseMI->getOperand(MemIdx + MemBase);
    MachineOperand &Disp = UseMI->getOperand(MemIdx + MemDisp);
    int64_t Off = Disp.getImm();
    Base.ChangeToRegister(Ctx.N.RIP, /*isDef=*/false);
    if (Sym.isGlobal()) {
      Disp.ChangeToGA(Sym.getGlobal(), Sym.getOffset() + Off, 0);
    } else {
      Disp.ChangeToES(Sym.getSymbolName(), 0);
      Disp.setOffset(Sym.getOffset() + Off);
    }
    ++NumGOTLoadFolded;
    remarkRewritten(Ctx.ORE, *UseMI, "GOTLoadFolded",
                    "folded GOT load of " + describeSymbolRef(Sym) +
                        " into a RIP-relative memory reference");
  }
  for (MachineOperand &DbgUse : llvm::make_early_inc_range(MRI.use_operands(R)))
    DbgUse.setReg(0);
  Load.eraseFromParent();
  return true;
}

/// "%r = MOV64rm $rip, 1, $noreg, @g@GOTPCREL, $noreg".
static bool isGOTLoad(const RewriteContext &Ctx, const MachineInstr &MI) {
  if (MI.getOpcode() != Ctx.N.MOV64rm)
    return false;
  const MachineOperand &Base = MI.getOperand(1 + MemBase);
  const MachineOperand &Index = MI.getOperand(1 + MemIndex);
  const MachineOperand &Disp = MI.getOperand(1 + MemDisp);
  unsigned Flag = Disp.getTargetFlags();
  return Base.isReg() && Base.getReg() == Ctx.N.RIP && Index.isReg() &&
         !Index.getReg() && isSymbolRef(Disp) &&
         (Flag == Ctx.N.FlagGOTPCREL || Flag == Ctx.N.FlagGOTPCRELNoRelax);
}

static bool removeGOTLoad(RewriteContext &Ctx, MachineInstr &MI) {
  const MachineOperand &Sym = MI.getOperand(1 + MemDisp);
  std::string What = describeSymbolRef(Sym);
  if (Ctx.CanCreateRegs && foldGOTLoad(Ctx, MI))
    return true;
  if (!buildAddressOf(Ctx, MI, MI.getIterator(), Sym,
                      MI.getOperand(0).getReg()))
    return false;
  MachineInstr *New = &*std::prev(MI.getIterator());
  if (!isExternWeakRef(Sym))
    ++NumGOTLoadToLEA;
  remarkRewritten(Ctx.ORE, *New, "GOTLoadToLEA",
                  "replaced GOT load of " + What + " with its address");
  Ctx.MF.substituteDebugValuesForInst(MI, *New);
  MI.eraseFromParent();
  return true;
}

/// CALL64m / TCRETURNmi64 / TAILJMPm64 through a GOT slot -> direct.
static bool removeGOTCall(RewriteContext &Ctx, MachineInstr &MI) {
  const X86Names &N = Ctx.N;
  unsigned Opc = MI.getOpcode();
  unsigned Direct, ViaReg;
  if (Opc == N.CALL64m) {
    Direct = N.CALL64pcrel32;
    ViaReg = N.CALL64r;
  } else if (Opc == N.TCRETURNmi64) {
    Direct = N.TCRETURNdi64;
    ViaReg = N.TCRETURNri64;
  } else if (Opc == N.TAILJMPm64 || Opc == N.TAILJMPm64_REX) {
    Direct = N.TAILJMPd64;
    ViaReg = 0;
  } else {
    return false;
  }
  const MachineOperand &Base = MI.getOperand(MemBase);
  const MachineOperand &Disp = MI.getOperand(MemDisp);
  if (!Base.isReg() || Base.getReg() != N.RIP || !isSymbolRef(Disp) ||
      (Disp.getTargetFlags() != N.FlagGOTPCREL &&
       Disp.getTargetFlags() != N.FlagGOTPCRELNoRelax))
    return false;
  std::optional<bool> Weak = needsAbsoluteWeakAddress(Disp);
  if (!Weak)
    return false;
  if (*Weak && (!ViaReg || !Ctx.CanCreateRegs))
    return false; // Needs a register; the verifier reports it.

  MachineFunction &MF = Ctx.MF;
  Register Target;
  if (*Weak) {
    Target = MF.getRegInfo().createVirtualRegister(regClassOf(Ctx, ViaReg, 0));
    BuildMI(*MI.getParent(), MI, MI.getDebugLoc(), N.TII->get(N.MOV64ri),
            Target)
        .add(plainSymbol(Disp));
    ++NumWeakAbs;
  }
  MachineInstr *New = MF.CreateMachineInstr(N.TII->get(*Weak ? ViaReg : Direct),
                                            MI.getDebugLoc(), true);
  MI.getParent()->insert(MI.getIterator(), New);
  MachineInstrBuilder MIB(MF, New);
  if (*Weak)
    MIB.addReg(Target);
  else
    MIB.add(plainSymbol(Disp));
  for (unsigned I = MemNumOperands, E = MI.getNumOperands(); I != E; ++I)
    MIB.add(MI.getOperand(I));
  // The old memory operand described the GOT slot: nothing is loaded now.
  MIB.setMIFlags(MI.getFlags());
  if (MI.isCandidateForAdditionalCallInfo())
    MF.moveAdditionalCallInfo(&MI, New);
  ++NumGOTCalls;
  remarkRewritten(Ctx.ORE, *New, "GOTCallToDirect",
                  "made call through the GOT to " + describeSymbolRef(Disp) +
                      " direct");
  MI.eraseFromParent();
  return true;
}

/// Any other instruction that reads a GOT slot through its memory operand
/// (isel folds GOT loads: "cmpq $0, wk@GOTPCREL(%rip)") takes the address in
/// a register instead.
static bool removeFoldedGOTLoad(RewriteContext &Ctx, MachineInstr &MI) {
  std::optional<unsigned> MemIdx = Ctx.N.getMemOperandIdx(MI);
  if (!MemIdx || !Ctx.CanCreateRegs || MI.isInlineAsm())
    return false;
  const MachineOperand &Base = MI.getOperand(*MemIdx + MemBase);
  const MachineOperand &Index = MI.getOperand(*MemIdx + MemIndex);
  const MachineOperand &Disp = MI.getOperand(*MemIdx + MemDisp);
  unsigned Flag = Disp.getTargetFlags();
  if (!Base.isReg() || Base.getReg() != Ctx.N.RIP || !Index.isReg() ||
      Index.getReg() || !isSymbolRef(Disp) ||
      (Flag != Ctx.N.FlagGOTPCREL && Flag != Ctx.N.FlagGOTPCRELNoRelax))
    return false;
  std::optional<unsigned> RegForm =
      Ctx.N.getMemoryToRegisterForm(MI.getOpcode());
  if (!RegForm)
    return false; // The verifier reports it.
  Register Addr = materializeAddress(Ctx, MI, Disp);
  if (!Addr)
    return false;
  MachineFunction &MF = Ctx.MF;
  MF.getRegInfo().constrainRegClass(Addr, regClassOf(Ctx, *RegForm, *MemIdx));
  MachineInstr *New =
      MF.CreateMachineInstr(Ctx.N.TII->get(*RegForm), MI.getDebugLoc(), true);
  MI.getParent()->insert(MI.getIterator(), New);
  MachineInstrBuilder MIB(MF, New);
  for (unsigned I = 0, E = MI.getNumOperands(); I != E; ++I) {
    if (I == *MemIdx)
      MIB.addReg(Addr);
    else if (I < *MemIdx || I >= *MemIdx + MemNumOperands)
      MIB.add(MI.getOperand(I));
  }
  MIB.setMIFlags(MI.getFlags());
  MF.substituteDebugValuesForInst(MI, *New);
  ++NumGOTLoadToLEA;
  remarkRewritten(Ctx.ORE, *New, "GOTOperandToReg",
                  "replaced GOT slot operand of " + describeSymbolRef(Disp) +
                      " with its address");
  MI.eraseFromParent();
  return true;
}

bool gotfree::removeGOTRef(RewriteContext &Ctx, MachineInstr &MI) {
  if (isGOTLoad(Ctx, MI))
    return removeGOTLoad(Ctx, MI);
  return removeGOTCall(Ctx, MI) || removeFoldedGOTLoad(Ctx, MI);
}
