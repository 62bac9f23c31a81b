//===- gotfree-check.cpp - Post-link GOT/relocation verifier and fixer ----===//
//
// Usage: gotfree-check [options] FILE
// Exit status: 0 pass, 1 fail (findings), 2 bad input or usage.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "ToolIO.h"

#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace gotfree;

static cl::OptionCategory Cat("gotfree-check options");

static cl::opt<std::string> InputPath(cl::Positional, cl::desc("<elf file>"),
                                      cl::Required, cl::cat(Cat));
static cl::opt<std::string>
    Format("format", cl::desc("Output format: text (default) or json"),
           cl::init("text"), cl::cat(Cat));
static cl::opt<bool> FixEmitRelocs(
    "fix-emit-relocs",
    cl::desc("Rewrite stale relaxed GOTPCRELX relocations as GNU ld would"),
    cl::cat(Cat));
static cl::opt<std::string>
    OutputPath("o",
               cl::desc("With --fix-emit-relocs: write here instead of "
                        "rewriting the input in place"),
               cl::value_desc("file"), cl::cat(Cat));
static cl::list<std::string>
    Allow("allow", cl::CommaSeparated,
          cl::desc("Report but do not fail on: got, abs, textrel, stale, "
                   "jump-table"),
          cl::cat(Cat));
static cl::opt<std::string>
    ScanCode("scan-code",
             cl::desc("Decode all code for GOT references: auto (when there "
                      "are no --emit-relocs relocations), always, never"),
             cl::init("auto"), cl::cat(Cat));
static cl::opt<bool>
    JumpTables("check-jump-tables",
               cl::desc("Check jump-table annotations (default on)"),
               cl::init(true), cl::cat(Cat));
static cl::opt<unsigned> AnnotateType(
    "annotate-insn-type",
    cl::desc("TYPE of jump-table entries in .discard.annotate_insn"),
    cl::init(9), cl::cat(Cat));

static cl::opt<bool> RequireAnnotations(
    "require-annotations",
    cl::desc("Every indirect jmp must carry a jump-table annotation"),
    cl::cat(Cat));

static cl::list<std::string> Scope(
    "scope", cl::CommaSeparated, cl::value_desc("object,..."),
    cl::desc("Only the code and data of these objects (the program's own, "
             "not libc's) decide the verdict; other findings are context"),
    cl::cat(Cat));

static cl::opt<uint64_t> MaxListed(
    "max-listed",
    cl::desc("List at most N findings per category (and N references per "
             "GOT slot); count the rest (default 100000)"),
    cl::init(100000), cl::cat(Cat));

[[noreturn]] static void badInput(StringRef Where, const Twine &Msg) {
  gotfree::badInput("gotfree-check", Where, Msg);
}

static CheckOptions parseOptions() {
  CheckOptions Opts;
  for (const std::string &A : Allow) {
    bool Known = false;
    for (unsigned C = 0; C < NumCategories; ++C)
      if (A == categoryName(static_cast<Category>(C)))
        Opts.Allowed[C] = Known = true;
    if (!Known)
      badInput("--allow", "unknown category '" + A + "'");
  }
  if (ScanCode == "auto")
    Opts.ScanCode = ScanMode::Auto;
  else if (ScanCode == "always")
    Opts.ScanCode = ScanMode::Always;
  else if (ScanCode == "never")
    Opts.ScanCode = ScanMode::Never;
  else
    badInput("--scan-code",
             "expected auto, always or never, got '" + ScanCode + "'");
  if (Format != "text" && Format != "json")
    badInput("--format", "expected text or json, got '" + Format + "'");
  if (!OutputPath.empty() && !FixEmitRelocs)
    badInput("-o", "only meaningful with --fix-emit-relocs");
  Opts.JumpTables = JumpTables;
  Opts.RequireAnnotations = RequireAnnotations;
  if (RequireAnnotations && !JumpTables)
    badInput("--require-annotations", "needs --check-jump-tables");
  Opts.AnnotateInsnType = AnnotateType;
  Opts.MaxListed = MaxListed;
  for (const std::string &Path : Scope) {
    Expected<object::OwningBinary<object::ObjectFile>> Obj =
        object::ObjectFile::createObjectFile(Path);
    if (!Obj)
      badInput(Path, toString(Obj.takeError()));
    for (const object::SymbolRef &Sym : Obj->getBinary()->symbols()) {
      Expected<uint32_t> Flags = Sym.getFlags();
      Expected<object::SymbolRef::Type> Type = Sym.getType();
      Expected<StringRef> Name = Sym.getName();
      if (!Flags || !Type || !Name)
        badInput(Path, "unreadable symbol table");
      if ((*Flags & object::SymbolRef::SF_Undefined) || Name->empty() ||
          (*Type != object::SymbolRef::ST_Function &&
           *Type != object::SymbolRef::ST_Data))
        continue;
      Opts.ScopeSymbols.push_back(Name->str());
    }
  }
  if (!Scope.empty() && Opts.ScopeSymbols.empty())
    badInput("--scope", "the objects define no function or data symbol");
  return Opts;
}

int main(int Argc, char **Argv) {
  InitLLVM X(Argc, Argv);
  cl::HideUnrelatedOptions(Cat);
  if (!cl::ParseCommandLineOptions(
          Argc, Argv,
          "gotfree-check: report GOT slots, absolute and text relocations, "
          "stale --emit-relocs relocations and jump-table annotations\n",
          &errs()))
    return 2;
  CheckOptions Opts = parseOptions();

  Expected<std::unique_ptr<X86Decoder>> Dec = X86Decoder::create();
  if (!Dec)
    badInput("gotfree-check", toString(Dec.takeError()));
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(
      InputPath, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buf)
    badInput(InputPath, Buf.getError().message());

  Expected<Report> R = runChecks((*Buf)->getMemBufferRef(), Opts, **Dec);
  if (!R)
    badInput(InputPath, toString(R.takeError()));

  if (FixEmitRelocs) {
    std::unique_ptr<WritableMemoryBuffer> Image =
        WritableMemoryBuffer::getNewUninitMemBuffer((*Buf)->getBufferSize(),
                                                    InputPath);
    if (!Image)
      badInput(InputPath, "out of memory");
    memcpy(Image->getBufferStart(), (*Buf)->getBufferStart(),
           (*Buf)->getBufferSize());
    MutableArrayRef<uint8_t> Bytes(
        reinterpret_cast<uint8_t *>(Image->getBufferStart()),
        Image->getBufferSize());
    Expected<unsigned> Fixed = applyFixes(Bytes, *R);
    if (!Fixed)
      badInput(InputPath, toString(Fixed.takeError()));
    // Report on what was written, not on what was read.
    Expected<Report> After = runChecks(Image->getMemBufferRef(), Opts, **Dec);
    if (!After)
      badInput(InputPath, "after fixing: " + toString(After.takeError()));
    After->FixedCount = *Fixed;
    StringRef Out =
        OutputPath.empty() ? StringRef(InputPath) : StringRef(OutputPath);
    Buf->reset(); // Unmap the input before replacing it.
    writeFileAtomically("gotfree-check", Out, Bytes, InputPath);
    R = std::move(After);
    R->File = Out.str();
  }

  if (Format == "json")
    printJson(*R, outs());
  else
    printText(*R, outs());
  outs().flush();
  return R->passed() ? 0 : 1;
}
