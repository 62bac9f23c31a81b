//===- Passes.h - The gotfree passes ----------------------------*- C++ -*-===//

#ifndef GOTFREE_PASSES_H
#define GOTFREE_PASSES_H

#include <string>

namespace llvm {
class MachineFunction;
}

namespace gotfree {
class X86Names;

/// Pass IDs, for TargetPassConfig::insertPass.
extern char &GOTRefRemoverID;
extern char &AbsoluteRefRewriterID;
extern char &AddressSharingID;
extern char &LateFixupID;
extern char &VerifierID;
extern char &JumpTableFormatID;
extern char &JumpTableMarkerID;
extern char &JumpTableEmitterID;
extern char &EHEncodingsID;

/// The name tables for \p MF when gotfree applies to it: an x86-64 function
/// in a mode other than off, in a code model gotfree supports. Returns null
/// otherwise; \p Problem then says why when it is something to report.
const X86Names *getNamesIfApplicable(const llvm::MachineFunction &MF,
                                     std::string *Problem = nullptr);

} // namespace gotfree

#endif
