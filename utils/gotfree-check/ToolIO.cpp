//===- ToolIO.cpp - Shared I/O of the gotfree command-line tools ----------===//

#include "ToolIO.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace llvm;

namespace gotfree {

std::string oneLine(std::string S) {
  for (char &C : S)
    if (C == '\n' || C == '\r')
      C = ' ';
  return S;
}

void badInput(StringRef Tool, StringRef Where, const Twine &Msg) {
  errs() << Tool << ": error: " << Where << ": " << oneLine(Msg.str()) << "\n";
  exit(2);
}

void writeFileAtomically(StringRef Tool, StringRef Path, ArrayRef<uint8_t> Data,
                         StringRef PermsFrom) {
  SmallString<128> Tmp(Path);
  Tmp += ".gotfree-tmp";
  std::error_code EC;
  {
    raw_fd_ostream OS(Tmp, EC, sys::fs::OF_None);
    if (EC)
      badInput(Tool, Tmp, EC.message());
    OS.write(reinterpret_cast<const char *>(Data.data()), Data.size());
    OS.close();
    if (OS.has_error())
      badInput(Tool, Tmp, OS.error().message());
  }
  if (ErrorOr<sys::fs::perms> P = sys::fs::getPermissions(PermsFrom))
    sys::fs::setPermissions(Tmp, *P);
  if (std::error_code RC = sys::fs::rename(Tmp, Path))
    badInput(Tool, Path, RC.message());
}

} // namespace gotfree
