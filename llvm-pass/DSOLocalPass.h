//===- DSOLocalPass.h - Mark globals dso_local for PIE codegen --*- C++ -*-===//
//
// In PIE mode every global that can be referenced directly is marked
// dso_local, so codegen reaches it PC-relatively instead of through a GOT slot.
// The image gotfree targets (kernel, firmware, static PIE) is linked as one
// unit: nothing in it is preemptible. Excluded: extern_weak symbols (they may
// be zero), thread-local variables whose access model needs the GOT, ifuncs,
// intrinsics and dllimport.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_DSOLOCALPASS_H
#define GOTFREE_DSOLOCALPASS_H

#include "llvm/IR/PassManager.h"

namespace gotfree {

class DSOLocalPass : public llvm::PassInfoMixin<DSOLocalPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
  static llvm::StringRef name() { return "gotfree-dso-local"; }
};

} // namespace gotfree

#endif
