//===- WeakAddressPass.h - extern_weak addresses from .data.rel.ro -*- C++ -*-//
//
// weak=relro (the default outside a kernel): the address of an extern_weak
// symbol, which is zero when it is undefined wherever the image runs, can be
// neither PC-relative nor, in an image that relocates writable data only
// (a static PIE linked -z text), a movabsq in the code. Each function that
// takes it loads it from a private pointer in .data.rel.ro instead: an
// R_X86_64_64 there is a RELATIVE relocation when the symbol is defined and
// the constant zero when it is not. Direct calls stay direct.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_WEAKADDRESSPASS_H
#define GOTFREE_WEAKADDRESSPASS_H

#include "llvm/IR/PassManager.h"

namespace gotfree {

class WeakAddressPass : public llvm::PassInfoMixin<WeakAddressPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
  static llvm::StringRef name() { return "gotfree-weak-addresses"; }
};

} // namespace gotfree

#endif
