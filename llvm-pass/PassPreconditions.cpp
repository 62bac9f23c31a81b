//===- PassPreconditions.cpp - When the gotfree passes apply --------------===//

#include "GotFreeOptions.h"
#include "Passes.h"
#include "X86Names.h"

#include "llvm/CodeGen/MachineFunction.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;
using namespace gotfree;

const X86Names *gotfree::getNamesIfApplicable(const MachineFunction &MF,
                                              std::string *Problem) {
  if (getEffectiveMode(MF) == EffectiveMode::Off)
    return nullptr;
  if (MF.getTarget().getCodeModel() == CodeModel::Large) {
    if (Problem)
      *Problem = "the large code model is not supported: every reference is "
                 "a 64-bit absolute one (use -mcmodel=kernel or small)";
    return nullptr;
  }
  std::string Missing;
  const X86Names *Names = X86Names::get(MF, Missing);
  if (!Names && Problem)
    *Problem = "this X86 backend does not have " + Missing;
  return Names;
}
