//===- Rewrites.cpp - The instruction rewrites gotfree performs -----------===//
//
// The mechanics behind the classifier's decisions (ReferencePolicy.h): each
// rewrite below is applied to a reference the classifier decided to Rewrite
// or FormAbsolute, and decides nothing of the contract itself. A rewrite that
// cannot be done (no register form, no new register after allocation) leaves
// the reference as it is, and the verifier reports it.
//
//===----------------------------------------------------------------------===//

#include "Rewrites.h"
#include "Diagnostics.h"
#include "ReferencePolicy.h"
#include "SymbolRefs.h"
#include "X86Names.h"

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

GOTFREE_REWRITE_KIND(MovToLEA,
                     "Symbol address moves rewritten as RIP-relative LEA");
GOTFREE_REWRITE_KIND(MemToRIP, "Absolute memory references made RIP-relative");
GOTFREE_REWRITE_KIND(IndexedMem,
                     "Indexed absolute memory references given a base");
GOTFREE_REWRITE_KIND(ImmToReg, "Symbol immediates rewritten to register forms");
GOTFREE_REWRITE_KIND(WeakAbs, "extern_weak addresses formed with movabsq");
GOTFREE_REWRITE_KIND(AsmMem, "Inline asm memory operands made RIP-relative");
GOTFREE_REWRITE_KIND(GOTLoadToLEA, "GOT loads rewritten as RIP-relative LEA");
GOTFREE_REWRITE_KIND(GOTLoadFolded, "GOT loads folded into their users");
GOTFREE_REWRITE_KIND(GOTCalls,
                     "Calls and tail calls through the GOT made direct");
GOTFREE_REWRITE_KIND(TLSLocalExec,
                     "Initial-exec thread-local accesses made local-exec");
GOTFREE_REWRITE_KIND(GOTOperandToReg,
                     "GOT slots read by other instructions replaced by the "
                     "address in a register");

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
  return isNearOffset(MF, Sym, getSymbolOffset(Sym));
}

/// Emits "Dst = address of Sym" before \p I: a RIP-relative LEA, or movabsq
/// when the classifier asked for an absolute address (\p Absolute). A far
/// offset is added by a second LEA, so that the RIP-relative one stays in
/// range.
static void buildAddressOf(RewriteContext &Ctx, MachineInstr &ForMI,
                           MachineBasicBlock::iterator I,
                           const MachineOperand &Sym, Register Dst,
                           bool Absolute) {
  MachineBasicBlock &MBB = *ForMI.getParent();
  const DebugLoc &DL = ForMI.getDebugLoc();
  const TargetInstrInfo &TII = *Ctx.N.TII;
  if (Absolute) {
    MachineInstr *Mov =
        BuildMI(MBB, I, DL, TII.get(Ctx.N.MOV64ri), Dst).add(plainSymbol(Sym));
    WeakAbs.record(Ctx.ORE, *Mov,
                   "formed address of extern_weak " + describeSymbolRef(Sym) +
                       " with movabsq");
    return;
  }
  if (isNearOffset(Ctx.MF, Sym)) {
    BuildMI(MBB, I, DL, TII.get(Ctx.N.LEA64r), Dst)
        .addReg(Ctx.N.RIP)
        .addImm(1)
        .addReg(0)
        .add(plainSymbol(Sym))
        .addReg(0);
    return;
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
}

/// A new virtual register holding the address of \p Sym.
static Register materializeAddress(RewriteContext &Ctx, MachineInstr &MI,
                                   const MachineOperand &Sym, bool Absolute) {
  MachineRegisterInfo &MRI = Ctx.MF.getRegInfo();
  Register R = MRI.createVirtualRegister(regClassOf(Ctx, Ctx.N.LEA64r, 0));
  buildAddressOf(Ctx, MI, MI.getIterator(), Sym, R, Absolute);
  return R;
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

/// A register of class \p RC holding the address of \p Sym (or its low 8, 16
/// or 32 bits, for a narrower operand), or an invalid one when no general
/// purpose register of that class can hold it.
static Register addressOperand(RewriteContext &Ctx, MachineInstr &MI,
                               const MachineOperand &Sym,
                               const TargetRegisterClass *RC, bool Absolute) {
  const X86Names &N = Ctx.N;
  unsigned Bits = RC ? N.TRI->getRegSizeInBits(*RC) : 0;
  if (!RC || (Bits != 64 && !subRegForWidth(N, Bits)))
    return Register();
  MachineRegisterInfo &MRI = Ctx.MF.getRegInfo();
  Register Addr = materializeAddress(Ctx, MI, Sym, Absolute);
  if (Bits == 64) {
    if (!MRI.constrainRegClass(Addr, RC))
      return Register();
    return Addr;
  }
  unsigned Sub = subRegForWidth(N, Bits);
  // Not every 64-bit register has a low byte ($rip has none).
  const TargetRegisterClass *Wide =
      N.TRI->getSubClassWithSubReg(MRI.getRegClass(Addr), Sub);
  if (!Wide || !MRI.constrainRegClass(Addr, Wide))
    return Register();
  Register Narrow = MRI.createVirtualRegister(RC);
  BuildMI(*MI.getParent(), MI, MI.getDebugLoc(), N.TII->get(TargetOpcode::COPY),
          Narrow)
      .addReg(Addr, 0, Sub);
  return Narrow;
}

/// Replaces \p MI by an instruction of opcode \p Opc with the same operands,
/// except that the operands [\p From, \p To) become \p With.
static MachineInstr *replaceOperands(RewriteContext &Ctx, MachineInstr &MI,
                                     unsigned Opc, unsigned From, unsigned To,
                                     const MachineOperand &With) {
  MachineFunction &MF = Ctx.MF;
  MachineInstr *New =
      MF.CreateMachineInstr(Ctx.N.TII->get(Opc), MI.getDebugLoc(), true);
  MI.getParent()->insert(MI.getIterator(), New);
  MachineInstrBuilder MIB(MF, New);
  for (unsigned I = 0, E = MI.getNumOperands(); I != E; ++I) {
    if (I == From)
      MIB.add(With);
    else if (I < From || I >= To)
      MIB.add(MI.getOperand(I));
  }
  MIB.setMIFlags(MI.getFlags());
  MF.substituteDebugValuesForInst(MI, *New);
  return New;
}

/// The move that puts a sign-extended 32-bit constant in the virtual register
/// \p Reg, or null. TargetInstrInfo::getConstValDefinedInReg would be the
/// hook, but X86's implementation (LLVM 22) does not know MOV64ri32, the move
/// that isel emits for a kernel-model negative offset.
static MachineInstr *constantDef(const RewriteContext &Ctx, Register Reg) {
  if (!Reg.isVirtual())
    return nullptr;
  MachineInstr *Def = Ctx.MF.getRegInfo().getUniqueVRegDef(Reg);
  if (!Def ||
      (Def->getOpcode() != Ctx.N.MOV64ri32 &&
       Def->getOpcode() != Ctx.N.MOV64ri) ||
      !Def->getOperand(1).isImm() || !isInt<32>(Def->getOperand(1).getImm()))
    return nullptr;
  return Def;
}

/// The kernel code model keeps symbol offsets positive, so code generation
/// puts a negative one ("tab[c - 0xc0]") in a register beside the symbol:
/// "movq $-0xc0, %r; movzbl tab(%b,%r)". A RIP-relative reference takes any
/// near offset, so the constant goes back into the displacement \p Disp and
/// its register leaves the address, freeing the slot that the symbol's
/// address will take. The constant's move is erased once nothing uses it.
static void foldConstantRegisters(RewriteContext &Ctx, MachineOperand &Base,
                                  MachineOperand &Index, int64_t Scale,
                                  MachineOperand &Disp) {
  MachineRegisterInfo &MRI = Ctx.MF.getRegInfo();
  for (auto [MO, Factor] : {std::pair(&Base, int64_t(1)), {&Index, Scale}}) {
    if (!MO->isReg())
      continue;
    Register Reg = MO->getReg();
    MachineInstr *Def = constantDef(Ctx, Reg);
    if (!Def)
      continue;
    int64_t Offset =
        getSymbolOffset(Disp) + Def->getOperand(1).getImm() * Factor;
    if (!isInt<32>(Offset) || !isNearOffset(Ctx.MF, Disp, Offset))
      continue;
    Disp.setOffset(Offset);
    MO->setReg(Register());
    MO->setIsKill(false);
    if (MRI.use_nodbg_empty(Reg)) {
      MRI.markUsesInDebugValueAsUndef(Reg);
      Def->eraseFromParent();
    }
  }
}

/// Makes the memory reference of \p Ref, whose displacement is an absolute
/// symbol, RIP-relative.
static bool rewriteDisplacement(RewriteContext &Ctx, MachineInstr &MI,
                                const SymbolRef &Ref, bool Absolute) {
  unsigned MemIdx = Ref.MemIdx;
  MachineOperand &Base = MI.getOperand(MemIdx + MemBase);
  MachineOperand &Scale = MI.getOperand(MemIdx + MemScale);
  MachineOperand &Index = MI.getOperand(MemIdx + MemIndex);
  MachineOperand &Disp = MI.getOperand(MemIdx + MemDisp);
  if (Ctx.CanCreateRegs && (Disp.isGlobal() || Disp.isSymbol() ||
                            Disp.isCPI() || Disp.isBlockAddress()))
    foldConstantRegisters(Ctx, Base, Index, Scale.getImm(), Disp);
  bool HasBase = Base.isFI() ||
                 (Base.isReg() && Base.getReg() && Base.getReg() != Ctx.N.RIP);
  bool HasIndex = Index.isReg() && Index.getReg();
  std::string What = describeSymbolRef(Disp);

  if (!HasBase && !HasIndex && !Absolute && isNearOffset(Ctx.MF, Disp)) {
    Base.ChangeToRegister(Ctx.N.RIP, /*isDef=*/false);
    Scale.setImm(1);
    if (Ref.Site == SymbolRef::AsmMemory)
      AsmMem.record(Ctx.ORE, MI,
                    "made inline asm operand " + Twine(Ref.AsmOpNo) +
                        ", a memory reference to " + What + ", RIP-relative");
    else
      MemToRIP.record(Ctx.ORE, MI,
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
  int64_t Offset = getSymbolOffset(Disp);
  MachineOperand Sym = Disp;
  if (Offset)
    Sym.setOffset(0);
  Register Addr = materializeAddress(Ctx, MI, Sym, Absolute);
  MachineRegisterInfo &MRI = Ctx.MF.getRegInfo();
  Disp.ChangeToImmediate(Offset);
  if (!HasBase) {
    Base.ChangeToRegister(Addr, /*isDef=*/false);
  } else if (!HasIndex) {
    MRI.constrainRegClass(Addr, regClassOf(Ctx, Ctx.N.LEA64r, 1 + MemIndex));
    Index.ChangeToRegister(Addr, /*isDef=*/false);
    Scale.setImm(1);
  } else if (Base.isReg() && Base.getReg() == Index.getReg() &&
             Scale.getImm() == 1) {
    // "tab(%r,%r)" is code generation's tab + 2 * %r: the index scales by 2
    // and the base is free for the address.
    Base.ChangeToRegister(Addr, /*isDef=*/false);
    Scale.setImm(2);
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
  IndexedMem.record(Ctx.ORE, MI,
                    "gave indexed absolute reference to " + What +
                        " a RIP-relative base");
  return true;
}

static bool isAddressMove(const X86Names &N, unsigned Opc) {
  return Opc == N.MOV64ri32 || Opc == N.MOV32ri64 || Opc == N.MOV64ri ||
         Opc == N.MOV32ri;
}

/// Rewrites a move of a symbol's address (MOV64ri32, MOV32ri64, MOV64ri,
/// MOV32ri) as a RIP-relative LEA of the same register, or as movabsq.
static bool rewriteAddressMove(RewriteContext &Ctx, MachineInstr &MI,
                               bool Absolute) {
  const X86Names &N = Ctx.N;
  unsigned Opc = MI.getOpcode();
  const MachineOperand &Sym = MI.getOperand(1);
  Register Dst = MI.getOperand(0).getReg();
  MachineBasicBlock &MBB = *MI.getParent();
  if (Opc != N.MOV32ri) {
    buildAddressOf(Ctx, MI, MI.getIterator(), Sym, Dst, Absolute);
  } else if (Absolute) {
    return false; // No 32-bit movabsq: the verifier reports it.
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
    Register Addr = materializeAddress(Ctx, MI, Sym, /*Absolute=*/false);
    BuildMI(MBB, MI, MI.getDebugLoc(), N.TII->get(TargetOpcode::COPY), Dst)
        .addReg(Addr, 0, N.Sub32);
  }
  MachineInstr *New = &*std::prev(MI.getIterator());
  if (!Absolute)
    MovToLEA.record(Ctx.ORE, MI,
                    "rewrote " + N.TII->getName(Opc) + " of " +
                        describeSymbolRef(Sym) + " as RIP-relative LEA");
  Ctx.MF.substituteDebugValuesForInst(MI, *New);
  MI.eraseFromParent();
  return true;
}

/// Rewrites an instruction with a symbol immediate (CMP64ri32, MOV64mi32,
/// PUSH64i32, ...) into its register form fed by the symbol's address.
static bool rewriteImmediate(RewriteContext &Ctx, MachineInstr &MI,
                             unsigned OpIdx, bool Absolute) {
  const X86Names &N = Ctx.N;
  if (isAddressMove(N, MI.getOpcode()))
    return rewriteAddressMove(Ctx, MI, Absolute);
  if (!Ctx.CanCreateRegs)
    return false;
  std::optional<unsigned> RegForm = N.getRegisterForm(MI.getOpcode());
  if (!RegForm)
    return false; // The verifier reports it.
  const MachineOperand &Sym = MI.getOperand(OpIdx);
  Register Addr =
      addressOperand(Ctx, MI, Sym, regClassOf(Ctx, *RegForm, OpIdx), Absolute);
  if (!Addr)
    return false;
  MachineInstr *New = replaceOperands(Ctx, MI, *RegForm, OpIdx, OpIdx + 1,
                                      MachineOperand::CreateReg(Addr, false));
  MachineInstrBuilder(Ctx.MF, New).cloneMemRefs(MI);
  ImmToReg.record(Ctx.ORE, *New,
                  "rewrote " + N.TII->getName(MI.getOpcode()) + " of " +
                      describeSymbolRef(Sym) + " as " +
                      N.TII->getName(*RegForm) + " of a RIP-relative LEA");
  MI.eraseFromParent();
  return true;
}

/// Folds "%r = MOV64rm $rip, @g@GOTPCREL" into users that only use %r as the
/// base of a memory reference with an immediate displacement.
static bool foldGOTLoad(RewriteContext &Ctx, MachineInstr &Load) {
  MachineRegisterInfo &MRI = Ctx.MF.getRegInfo();
  Register R = Load.getOperand(0).getReg();
  const MachineOperand &Sym = Load.getOperand(1 + MemDisp);
  if (!R.isVirtual() || !(Sym.isGlobal() || Sym.isSymbol()))
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
    GOTCalls.record(Ctx.ORE, *Call,
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
    GOTLoadFolded.record(Ctx.ORE, *UseMI,
                         "folded GOT load of " + describeSymbolRef(Sym) +
                             " into a RIP-relative memory reference");
  }
  for (MachineOperand &DbgUse : llvm::make_early_inc_range(MRI.use_operands(R)))
    DbgUse.setReg(0);
  Load.eraseFromParent();
  return true;
}

/// "%r = MOV64rm $rip, 1, $noreg, @g@GOTPCREL, $noreg": the address itself.
static bool removeGOTLoad(RewriteContext &Ctx, MachineInstr &MI,
                          bool Absolute) {
  if (!Absolute && Ctx.CanCreateRegs && foldGOTLoad(Ctx, MI))
    return true;
  const MachineOperand &Sym = MI.getOperand(1 + MemDisp);
  buildAddressOf(Ctx, MI, MI.getIterator(), Sym, MI.getOperand(0).getReg(),
                 Absolute);
  MachineInstr *New = &*std::prev(MI.getIterator());
  if (!Absolute)
    GOTLoadToLEA.record(Ctx.ORE, *New,
                        "replaced GOT load of " + describeSymbolRef(Sym) +
                            " with its address");
  Ctx.MF.substituteDebugValuesForInst(MI, *New);
  MI.eraseFromParent();
  return true;
}

/// CALL64m / TCRETURNmi64 / TAILJMPm64 through a GOT slot -> direct, or
/// through a register holding a movabsq'd address.
static bool removeGOTCall(RewriteContext &Ctx, MachineInstr &MI,
                          bool Absolute) {
  const X86Names &N = Ctx.N;
  unsigned Opc = MI.getOpcode();
  unsigned Direct, ViaReg;
  if (Opc == N.CALL64m) {
    Direct = N.CALL64pcrel32;
    ViaReg = N.CALL64r;
  } else if (Opc == N.TCRETURNmi64) {
    Direct = N.TCRETURNdi64;
    ViaReg = N.TCRETURNri64;
  } else {
    Direct = N.TAILJMPd64;
    ViaReg = 0;
  }
  if (Absolute && (!ViaReg || !Ctx.CanCreateRegs))
    return false; // Needs a register; the verifier reports it.

  MachineFunction &MF = Ctx.MF;
  const MachineOperand &Disp = MI.getOperand(MemDisp);
  Register Target;
  if (Absolute) {
    Target = MF.getRegInfo().createVirtualRegister(regClassOf(Ctx, ViaReg, 0));
    buildAddressOf(Ctx, MI, MI.getIterator(), Disp, Target, /*Absolute=*/true);
  }
  MachineInstr *New = MF.CreateMachineInstr(
      N.TII->get(Absolute ? ViaReg : Direct), MI.getDebugLoc(), true);
  MI.getParent()->insert(MI.getIterator(), New);
  MachineInstrBuilder MIB(MF, New);
  if (Absolute)
    MIB.addReg(Target);
  else
    MIB.add(plainSymbol(Disp));
  for (unsigned I = MemNumOperands, E = MI.getNumOperands(); I != E; ++I)
    MIB.add(MI.getOperand(I));
  // The old memory operand described the GOT slot: nothing is loaded now.
  MIB.setMIFlags(MI.getFlags());
  if (MI.isCandidateForAdditionalCallInfo())
    MF.moveAdditionalCallInfo(&MI, New);
  GOTCalls.record(Ctx.ORE, *New,
                  "made call through the GOT to " + describeSymbolRef(Disp) +
                      " direct");
  MI.eraseFromParent();
  return true;
}

/// Any other instruction that reads a GOT slot through its memory operand
/// (isel folds GOT loads: "cmpq $0, wk@GOTPCREL(%rip)", "testb $7,
/// b@GOTPCREL(%rip)", "movq b@GOTPCREL(%rip), %xmm0") takes the address, or
/// as many of its low bits as it reads, in a register instead.
static bool removeFoldedGOTLoad(RewriteContext &Ctx, MachineInstr &MI,
                                unsigned MemIdx, bool Absolute) {
  if (!Ctx.CanCreateRegs)
    return false;
  std::optional<unsigned> RegForm =
      Ctx.N.getMemoryToRegisterForm(MI.getOpcode());
  if (!RegForm)
    return false; // The verifier reports it.
  const MachineOperand &Disp = MI.getOperand(MemIdx + MemDisp);
  Register Addr = addressOperand(Ctx, MI, Disp,
                                 regClassOf(Ctx, *RegForm, MemIdx), Absolute);
  if (!Addr)
    return false;
  MachineInstr *New =
      replaceOperands(Ctx, MI, *RegForm, MemIdx, MemIdx + MemNumOperands,
                      MachineOperand::CreateReg(Addr, false));
  GOTOperandToReg.record(Ctx.ORE, *New,
                         "replaced GOT slot operand of " +
                             describeSymbolRef(Disp) + " with its address");
  MI.eraseFromParent();
  return true;
}

/// An initial-exec GOT slot read by \p MI ("movq x@GOTTPOFF(%rip), %r",
/// "addq x@GOTTPOFF(%rip), %r") becomes the variable's offset from the thread
/// pointer, a link-time constant in an executable: "movq $x@TPOFF, %r",
/// "addq $x@TPOFF, %r" (R_X86_64_TPOFF32).
static bool makeLocalExec(RewriteContext &Ctx, MachineInstr &MI,
                          unsigned MemIdx) {
  const X86Names &N = Ctx.N;
  unsigned Opc = MI.getOpcode();
  unsigned NewOpc;
  if (Opc == N.MOV64rm && MemIdx == 1)
    NewOpc = N.MOV64ri32;
  else if (Opc == N.ADD64rm && MemIdx == 2)
    NewOpc = N.ADD64ri32;
  else
    return false; // The verifier reports it.
  MachineOperand Offset = MI.getOperand(MemIdx + MemDisp);
  Offset.setTargetFlags(N.FlagTPOFF);
  MachineInstr *New =
      replaceOperands(Ctx, MI, NewOpc, MemIdx, MemIdx + MemNumOperands, Offset);
  TLSLocalExec.record(Ctx.ORE, *New,
                      "made initial-exec access to thread-local " +
                          describeSymbolRef(Offset) + " local-exec");
  MI.eraseFromParent();
  return true;
}

/// Removes the GOT use of the reference \p Ref of \p MI.
static bool removeGOTRef(RewriteContext &Ctx, MachineInstr &MI,
                         const SymbolRef &Ref, bool Absolute) {
  const X86Names &N = Ctx.N;
  if (Ref.Site != SymbolRef::Displacement)
    return false; // Not a GOT slot access: the verifier reports it.
  const MachineOperand &Base = MI.getOperand(Ref.MemIdx + MemBase);
  const MachineOperand &Index = MI.getOperand(Ref.MemIdx + MemIndex);
  if (!Base.isReg() || Base.getReg() != N.RIP || !Index.isReg() ||
      Index.getReg())
    return false;
  unsigned Opc = MI.getOpcode();
  if (Opc == N.MOV64rm && Ref.MemIdx == 1)
    return removeGOTLoad(Ctx, MI, Absolute);
  if (Opc == N.CALL64m || Opc == N.TCRETURNmi64 || Opc == N.TAILJMPm64 ||
      Opc == N.TAILJMPm64_REX)
    return removeGOTCall(Ctx, MI, Absolute);
  return removeFoldedGOTLoad(Ctx, MI, Ref.MemIdx, Absolute);
}

bool gotfree::applyRewrites(RewriteContext &Ctx, MachineInstr &MI,
                            RewriteSet Which) {
  SmallVector<SymbolRef, 2> Refs;
  collectSymbolRefs(MI, Ctx.N, Refs);
  bool Changed = false;
  // Memory references are rewritten in place first; a rewrite that replaces
  // the instruction (an immediate, a GOT slot access) comes last.
  std::optional<std::pair<SymbolRef, RefDecision>> Replacing;
  for (const SymbolRef &Ref : Refs) {
    RefDecision D = classifyReference(MI, Ref, Ctx.N);
    if (D.Action != RefAction::Rewrite && D.Action != RefAction::FormAbsolute)
      continue;
    bool IsGOT = D.Reason == RefReason::GOTReference ||
                 D.Reason == RefReason::TLSInitialExec;
    if (IsGOT ? Which == RewriteSet::Absolute : Which == RewriteSet::GOT)
      continue;
    if (IsGOT || Ref.Site == SymbolRef::Immediate) {
      if (!Replacing)
        Replacing.emplace(Ref, D);
      continue;
    }
    Changed |=
        rewriteDisplacement(Ctx, MI, Ref, D.Action == RefAction::FormAbsolute);
  }
  if (!Replacing)
    return Changed;
  auto [Ref, D] = *Replacing;
  bool Absolute = D.Action == RefAction::FormAbsolute;
  if (D.Reason == RefReason::GOTReference)
    return removeGOTRef(Ctx, MI, Ref, Absolute) || Changed;
  if (D.Reason == RefReason::TLSInitialExec)
    return makeLocalExec(Ctx, MI, Ref.MemIdx) || Changed;
  return rewriteImmediate(Ctx, MI, Ref.OpIdx, Absolute) || Changed;
}
