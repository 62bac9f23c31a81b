//===- ClangFrontendLoader.cpp - Load the clang part inside clang only ----===//
//
// GotFree.so is loaded by clang, opt, llc and ld.lld. Its clang front end
// part (option parsing, the PluginASTAction) needs libclang-cpp, but Debian's
// libclang-cpp and opt both define the cl::opt "pgo-cold-func-opt", so an
// object that depends on libclang-cpp cannot be loaded into opt. The front end
// part therefore lives in GotFreeClang.so, next to this object, and is loaded
// only when the host process already has libclang-cpp: that is, inside clang.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <dlfcn.h>

static bool loadClangFrontend() {
  if (!dlopen("libclang-cpp.so.22.1", RTLD_LAZY | RTLD_NOLOAD))
    return false;
  Dl_info Self;
  if (!dladdr(reinterpret_cast<void *>(&loadClangFrontend), &Self) ||
      !Self.dli_fname)
    return false;
  llvm::SmallString<256> Path(llvm::sys::path::parent_path(Self.dli_fname));
  llvm::sys::path::append(Path, "GotFreeClang.so");
  if (dlopen(Path.c_str(), RTLD_NOW | RTLD_GLOBAL))
    return true;
  // Without it clang would compile on, ignoring every gotfree option: the
  // compile stops here, with the one-line error clang gives for a plugin it
  // cannot load. A static initializer has no clang diagnostics, and LLVM's
  // fatal error handler would exit through clang's crash recovery, which
  // prints a stack dump and asks for a bug report. No output file is open
  // yet (clang loads plugins first); _Exit runs no destructor inside dlopen.
  llvm::errs() << "error: gotfree: cannot load the clang front end part "
                  "(GotFreeClang.so belongs next to GotFree.so): "
               << dlerror() << "\n";
  std::_Exit(1);
}

static const bool ClangFrontendLoaded = loadClangFrontend();
