//===- ToolIO.h - Shared I/O of the gotfree command-line tools -*- C++ -*-===//
//
// What gotfree-check and gotfree-shuffle both do at their edges: one-line
// errors with exit status 2, and writing an output file atomically.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_CHECK_TOOLIO_H
#define GOTFREE_CHECK_TOOLIO_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <string>

namespace gotfree {

/// S with line breaks turned into spaces: every diagnostic is one line.
std::string oneLine(std::string S);

/// Prints "TOOL: error: WHERE: MSG" on stderr and exits with status 2.
[[noreturn]] void badInput(llvm::StringRef Tool, llvm::StringRef Where,
                           const llvm::Twine &Msg);

/// Writes Data to Path through a temporary file in the same directory, so a
/// failed write never leaves a half-written executable behind, with the
/// permission bits of PermsFrom (an executable stays executable).
void writeFileAtomically(llvm::StringRef Tool, llvm::StringRef Path,
                         llvm::ArrayRef<uint8_t> Data,
                         llvm::StringRef PermsFrom);

} // namespace gotfree

#endif
